import { Alert, Button, Checkbox, Form, Input, Select, Space } from "antd";
import { useState } from "react";
import { addUnit, checkUscc, editUnit } from "../../api";
import type { Unit } from "../../bindings/Unit";
import type { UnitKind } from "../../bindings/UnitKind";
import { errorMessage } from "../../errors";
import { useLiveCheck } from "../../hooks/useLiveCheck";
import { useI18n } from "../../i18n";
import { unitKindOptions } from "../../labels";
import UsccStatus from "./UsccStatus";

type Values = { name: string; kind: UnitKind; uscc?: string; domain?: string | null; force?: boolean; reason?: string };

const nonEmpty = (v: string) => v.length > 0;
const normalizeUscc = (v: string | undefined) => (v ?? "").toUpperCase().replace(/\s+/g, "");

/** The unit form with a live USCC check, for a new unit or (given `unit`) an edit; a
 *  changed USCC asks for the reason. Errors from the core are shown inline. */
export default function UnitForm({
  unit,
  domains,
  onCancel,
  onSaved,
}: {
  unit?: Unit;
  domains: string[];
  onCancel: () => void;
  onSaved: (unit: Unit, warnings: string[]) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const uscc = normalizeUscc(Form.useWatch("uscc", form));
  const usccChanged = !!unit && uscc !== (unit.uscc ?? "");
  // A retired domain stays selectable for the unit that already has it.
  const domainOptions = unit?.domain && !domains.includes(unit.domain) ? [...domains, unit.domain] : domains;
  const kind = Form.useWatch("kind", form);
  const check = useLiveCheck(uscc, checkUscc, nonEmpty);
  const showForce = !!uscc && check.checkedValue === uscc && check.result?.status === "badCheck";
  const verdict = check.checkedValue === uscc ? check.result?.status : undefined;
  const usccFieldStatus = !uscc || !verdict ? undefined : verdict === "valid" ? "success" : "error";
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // The live line under the field shows the verdict; this gate only decides whether to save.
  const usccProblem = async (code: string, unitKind: UnitKind, force: boolean): Promise<string | null> => {
    if (!code) return unitKind === "individual" ? null : t("unitForm.usccRequired");
    const r = check.checkedValue === code && check.result ? check.result : await checkUscc(code);
    if (r.status === "valid") return null;
    if (r.status === "empty") return unitKind === "individual" ? null : t("unitForm.usccRequired");
    if (r.status === "badCheck") return force ? null : t("unitForm.usccFixOrConfirm");
    return r.message;
  };

  const submit = async (v: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      const code = normalizeUscc(v.uscc);
      const force = showForce && !!v.force;
      const problem = await usccProblem(code, v.kind, force);
      if (problem) {
        setError(problem);
        return;
      }
      const fields = { name: v.name.trim(), kind: v.kind, uscc: code || null, domain: v.domain ?? null, force };
      if (unit) {
        const edited = await editUnit(unit.id, { ...fields, reason: v.reason?.trim() || null });
        onSaved(edited.unit, edited.warnings);
      } else {
        const added = await addUnit(fields);
        onSaved(added, check.result?.regionWarning ? [check.result.regionWarning] : []);
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={unit ? { name: unit.name, kind: unit.kind, uscc: unit.uscc ?? "", domain: unit.domain } : undefined}
      onFinish={submit}
      onValuesChange={(changed: Partial<Values>) => {
        setError(null);
        // A confirmation belongs to one code: typing a different code withdraws it.
        if ("uscc" in changed) form.setFieldValue("force", false);
      }}
      requiredMark={false}
    >
      <Form.Item name="name" label={t("unitForm.name")} rules={[{ required: true, whitespace: true, message: t("unitForm.nameRequired") }]}>
        <Input data-testid="unit-name" autoFocus maxLength={200} />
      </Form.Item>
      <Form.Item name="kind" label={t("unitForm.kind")} rules={[{ required: true, message: t("unitForm.kindRequired") }]}>
        <Select data-testid="unit-kind" options={unitKindOptions(t)} />
      </Form.Item>
      <Form.Item
        name="uscc"
        label={t("unitForm.uscc")}
        normalize={(v: string) => v.toUpperCase()}
        validateStatus={usccFieldStatus}
        extra={<UsccStatus code={uscc} individual={kind === "individual"} check={check} />}
      >
        <Input data-testid="unit-uscc" className="mono" placeholder={t("unitForm.usccPlaceholder")} maxLength={24} />
      </Form.Item>
      {showForce && (
        <Form.Item name="force" valuePropName="checked" style={{ marginTop: -8 }}>
          <Checkbox data-testid="unit-force">{t("unitForm.force")}</Checkbox>
        </Form.Item>
      )}
      <Form.Item name="domain" label={t("unitForm.domain")}>
        <Select
          data-testid="unit-domain"
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          placeholder={t("unitForm.domainPlaceholder")}
          options={domainOptions.map((d) => ({ value: d, label: d }))}
        />
      </Form.Item>
      {usccChanged && (
        <Form.Item
          name="reason"
          label={t("unitForm.reason")}
          extra={t("unitForm.reasonHint")}
          rules={[{ required: true, whitespace: true, message: t("unitForm.reasonRequired") }]}
        >
          <Input data-testid="unit-reason" maxLength={200} />
        </Form.Item>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Space style={{ width: "100%", justifyContent: "flex-end" }}>
        <Button onClick={onCancel}>{t("common.cancel")}</Button>
        <Button data-testid="unit-submit" type="primary" htmlType="submit" loading={submitting}>
          {t("unitForm.submit")}
        </Button>
      </Space>
    </Form>
  );
}
