import { Alert, Form, Input, Modal, Select, Typography, type ButtonProps } from "antd";
import { useEffect } from "react";
import { checkinMedia, checkoutMedia, retireMedium, setMediumLocation } from "../../api";
import type { Medium } from "../../bindings/Medium";
import type { RetireReason } from "../../bindings/RetireReason";
import type { Shipment } from "../../bindings/Shipment";
import { formatCount } from "../../format";
import { useSubmit } from "../../hooks/useSubmit";
import { useI18n } from "../../i18n";

export type DeskAction = "location" | "checkout" | "checkin" | "retire";

export const RETIRE_REASONS: RetireReason[] = ["lost", "destroyed", "failed", "migrated"];

type Values = { labels?: string[]; location?: string; destination?: string; reference?: string; reason?: RetireReason; note?: string };

/** A medium's desk acts: where it is kept, leaving with others and coming back (each
 *  shipment counted and reconciled), retirement. */
export default function MediumDeskModal({
  open,
  action,
  medium,
  media,
  onClose,
  onDone,
}: {
  open: boolean;
  action: DeskAction | null;
  medium: Medium | null;
  media: Medium[];
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const shipped = (s: Shipment) =>
    s.outstanding.length === 0
      ? t("desk.allBack", { id: String(s.id), n: formatCount(s.media.length) })
      : t("desk.stillOut", { id: String(s.id), labels: s.outstanding.join("、") });
  const { submitting, error, submit } = useSubmit(async (v: Values) => {
    if (!medium || !action) return;
    switch (action) {
      case "location":
        await setMediumLocation(medium.label, v.location?.trim() || null);
        return onDone(t("desk.locationDone", { label: medium.label }));
      case "checkout": {
        const s = await checkoutMedia(v.labels ?? [], v.destination?.trim() ?? "", v.reference?.trim() || null);
        return onDone(t("desk.checkoutDone", { n: formatCount(s.media.length), destination: s.destination }));
      }
      case "checkin": {
        const shipments = await checkinMedia(v.labels ?? [], v.location?.trim() || null);
        return onDone(shipments.map(shipped).join("；"));
      }
      case "retire":
        await retireMedium(medium.label, v.reason ?? "failed", v.note?.trim() || null);
        return onDone(t("desk.retireDone", { label: medium.label }));
    }
  });

  useEffect(() => {
    if (!open || !action || !medium) return;
    form.resetFields();
    form.setFieldsValue({ labels: [medium.label], location: action === "location" ? (medium.location ?? "") : undefined });
  }, [open, action, medium, form]);

  const available = media.filter((m) => !m.retired && !m.out);
  const out = media.filter((m) => m.out);
  const option = (m: Medium) => ({ value: m.label, label: `${m.label}（${m.set}）` });
  return (
    <Modal
      open={open && action !== null && medium !== null}
      title={medium ? t(`desk.${action ?? "location"}Title`, { label: medium.label }) : ""}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(`desk.${action ?? "location"}Ok`)}
      okButtonProps={{ danger: action === "retire", "data-testid": "desk-ok" } as ButtonProps}
      confirmLoading={submitting}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        {action === "location" && (
          <Form.Item name="location" label={t("desk.location")}>
            <Input data-testid="desk-location" autoFocus maxLength={100} />
          </Form.Item>
        )}
        {action === "checkout" && (
          <>
            <Typography.Paragraph type="secondary">{t("desk.checkoutIntro")}</Typography.Paragraph>
            <Form.Item name="labels" label={t("desk.media")} rules={[{ required: true, message: t("desk.mediaRequired") }]}>
              <Select data-testid="desk-labels" mode="multiple" options={available.map(option)} />
            </Form.Item>
            <Form.Item name="destination" label={t("desk.destination")} rules={[{ required: true, whitespace: true, message: t("desk.destinationRequired") }]}>
              <Input data-testid="desk-destination" autoFocus maxLength={100} />
            </Form.Item>
            <Form.Item name="reference" label={t("desk.reference")}>
              <Input data-testid="desk-reference" maxLength={100} />
            </Form.Item>
          </>
        )}
        {action === "checkin" && (
          <>
            <Form.Item name="labels" label={t("desk.media")} rules={[{ required: true, message: t("desk.mediaRequired") }]}>
              <Select data-testid="desk-labels" mode="multiple" options={out.map(option)} />
            </Form.Item>
            <Form.Item name="location" label={t("desk.locationNow")}>
              <Input data-testid="desk-location" maxLength={100} />
            </Form.Item>
          </>
        )}
        {action === "retire" && medium && (
          <>
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t("desk.retireWarning", { n: formatCount(medium.registrations) })} />
            <Form.Item name="reason" label={t("desk.reason")} rules={[{ required: true, message: t("desk.reasonRequired") }]}>
              <Select data-testid="desk-reason" options={RETIRE_REASONS.map((r) => ({ value: r, label: t(`retire.${r}`) }))} />
            </Form.Item>
            <Form.Item name="note" label={t("desk.note")}>
              <Input.TextArea data-testid="desk-note" autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
            </Form.Item>
          </>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
