import { Alert, Button, Form, Input, Modal, Select } from "antd";
import { addSeries, editSeries, listUnits } from "../../api";
import type { Cadence } from "../../bindings/Cadence";
import type { Series } from "../../bindings/Series";
import { useLoad } from "../../hooks/useLoad";
import { useSubmit } from "../../hooks/useSubmit";
import { useI18n } from "../../i18n";

type Values = { unitId: number; name: string; system?: string; cadence: Cadence };

const CADENCES: Cadence[] = ["monthly", "quarterly", "yearly"];

/**
 * 新建系列: a unit's dataset that will be handed over again and again; with `editing`,
 * 修改系列: its name, system or cadence corrected (the unit stays; the cadence only before
 * the first hand-over).
 */
export default function SeriesAddModal({
  open,
  editing,
  onClose,
  onAdded,
}: {
  open: boolean;
  editing?: Series;
  onClose: () => void;
  onAdded: (s: Series) => void;
}) {
  const { t } = useI18n();
  const units = useLoad(listUnits, [open]);
  const { submitting, error, submit } = useSubmit(async (v: Values) => {
    const values = { name: v.name.trim(), system: v.system?.trim() || null, cadence: v.cadence };
    onAdded(editing ? await editSeries({ id: editing.id, ...values }) : await addSeries({ unitId: v.unitId, ...values }));
  });
  const initial = editing
    ? { unitId: editing.unitId, name: editing.name, system: editing.system ?? undefined, cadence: editing.cadence }
    : { cadence: "monthly" as Cadence };
  return (
    <Modal open={open} title={t(editing ? "series.edit" : "series.add")} onCancel={onClose} footer={null} destroyOnHidden>
      <Form<Values> layout="vertical" requiredMark={false} onFinish={submit} initialValues={initial}>
        {editing ? (
          <Form.Item label={t("series.unit")}>{editing.unitName}</Form.Item>
        ) : (
          <Form.Item name="unitId" label={t("series.unit")} rules={[{ required: true, message: t("intake.unitRequired") }]}>
            <Select
              data-testid="series-add-unit"
              showSearch={{ optionFilterProp: "label" }}
              loading={units.loading}
              options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
        )}
        <Form.Item name="name" label={t("series.name")} rules={[{ required: true, whitespace: true, message: t("series.nameRequired") }]}>
          <Input data-testid="series-add-name" placeholder={t("series.namePlaceholder")} maxLength={100} />
        </Form.Item>
        <Form.Item name="system" label={t("series.system")}>
          <Input data-testid="series-add-system" placeholder={t("series.systemPlaceholder")} maxLength={100} />
        </Form.Item>
        <Form.Item
          name="cadence"
          label={t("series.cadence")}
          extra={editing && editing.versions > 0 ? t("series.cadenceFixed") : undefined}
        >
          <Select
            data-testid="series-add-cadence"
            disabled={!!editing && editing.versions > 0}
            options={CADENCES.map((c) => ({ value: c, label: t(`series.cadence.${c}`) }))}
          />
        </Form.Item>
        {error && <Alert data-testid="series-add-error" type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Button data-testid="series-add-submit" type="primary" htmlType="submit" loading={submitting} block>
          {t(editing ? "series.editSubmit" : "series.addSubmit")}
        </Button>
      </Form>
    </Modal>
  );
}
