import { Alert, Button, Form, Input, Modal, Radio, Typography } from "antd";
import { applyLowerRestore, applyRestore } from "../../api";
import type { Application } from "../../bindings/Application";
import type { ApplicationKind } from "../../bindings/ApplicationKind";
import { useI18n } from "../../i18n";
import { APPLICATION_KINDS, applicationKindLabel } from "../../labels";
import { useSubmit } from "../../hooks/useSubmit";

type Values = { kind: ApplicationKind; reason: string; reference: string };

/** What an application is for: a registration of ours, or a lower archive's by its number
 *  (restored from its reported copy; hand-backs are that archive's own business). */
export type ApplyTarget = { registrationId: number } | { lowerNumber: string };

/** 申请恢复: a clerk records the unit's written request for a sealed registration. */
export default function ApplyRestoreModal({
  target,
  open,
  onClose,
  onApplied,
}: {
  target: ApplyTarget;
  open: boolean;
  onClose: () => void;
  onApplied: (a: Application) => void;
}) {
  const { t } = useI18n();
  const { submitting, error, submit } = useSubmit(async (v: Values) =>
    onApplied(
      "lowerNumber" in target
        ? await applyLowerRestore(target.lowerNumber, v.reason.trim(), v.reference.trim())
        : await applyRestore(target.registrationId, v.kind, v.reason.trim(), v.reference.trim()),
    ),
  );

  return (
    <Modal open={open} title={t("apply.title")} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t("apply.intro")}</Typography.Paragraph>
      <Form<Values> layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ kind: "restore" }}>
        {!("lowerNumber" in target) && (
          <Form.Item name="kind" label={t("apply.kind")}>
            <Radio.Group
              options={APPLICATION_KINDS.map((k) => ({ value: k, label: <span data-testid={`apply-kind-${k}`}>{applicationKindLabel(t, k)}</span> }))}
            />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t("apply.reason")} rules={[{ required: true, whitespace: true, message: t("apply.reasonRequired") }]}>
          <Input.TextArea data-testid="apply-reason" rows={3} maxLength={500} />
        </Form.Item>
        <Form.Item name="reference" label={t("apply.reference")} rules={[{ required: true, whitespace: true, message: t("apply.referenceRequired") }]}>
          <Input data-testid="apply-reference" maxLength={100} />
        </Form.Item>
        {error && <Alert data-testid="apply-error" type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Button data-testid="apply-submit" type="primary" htmlType="submit" loading={submitting} block>
          {t("apply.submit")}
        </Button>
      </Form>
    </Modal>
  );
}
