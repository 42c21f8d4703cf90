import { App, Form, Input, Modal, Select, type ButtonProps } from "antd";
import { useState } from "react";
import { addMedium } from "../../api";
import type { Medium } from "../../bindings/Medium";
import type { MediumKind } from "../../bindings/MediumKind";
import { errorMessage } from "../../errors";
import { useI18n } from "../../i18n";
import PathInput from "../../components/PathInput";

type Values = { path: string; label: string; set: string; kind: MediumKind; location?: string };

export const MEDIUM_KINDS: MediumKind[] = ["hdd", "ssd", "usb", "optical", "tape"];

/** 登记介质: writes the identity file on the drive and records it. */
export default function MediumAddModal({ open, onClose, onAdded }: { open: boolean; onClose: () => void; onAdded: (m: Medium) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const m = await addMedium({ path: v.path.trim(), label: v.label.trim(), set: v.set.trim(), kind: v.kind, location: v.location?.trim() || null });
      message.success(t("media.added", { label: m.label }));
      form.resetFields();
      onAdded(m);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t("media.add")}
      onCancel={onClose}
      okText={t("media.addOk")}
      okButtonProps={{ loading: busy, "data-testid": "medium-add-ok" } as ButtonProps}
      onOk={() => form.submit()}
      destroyOnHidden
      width={600}
    >
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ kind: "usb" }} onFinish={submit}>
        <Form.Item name="path" label={t("media.path")} rules={[{ required: true, whitespace: true, message: t("media.pathRequired") }]}>
          <PathInput testId="media-path-input" />
        </Form.Item>
        <Form.Item name="label" label={t("media.label")} rules={[{ required: true, whitespace: true, message: t("media.labelRequired") }]}>
          <Input data-testid="media-label-input" placeholder="A1" maxLength={40} />
        </Form.Item>
        <Form.Item name="set" label={t("media.set")} rules={[{ required: true, whitespace: true, message: t("media.setRequired") }]}>
          <Input data-testid="media-set-input" placeholder="A" maxLength={20} />
        </Form.Item>
        <Form.Item name="kind" label={t("media.kind")}>
          <Select data-testid="media-kind" options={MEDIUM_KINDS.map((k) => ({ value: k, label: t(`media.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="location" label={t("media.location")}>
          <Input data-testid="media-location-input" placeholder={t("media.locationPlaceholder")} maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
