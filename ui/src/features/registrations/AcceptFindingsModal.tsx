import { Alert, App, Form, Input, Modal, Typography } from "antd";
import { useEffect, useState } from "react";
import { acceptFindings } from "../../api";
import { errorMessage } from "../../errors";
import { formatCount } from "../../format";
import { useI18n } from "../../i18n";

/** Asks for a reason, then accept_findings; the reason goes into the ledger. */
export default function AcceptFindingsModal({
  open,
  draftId,
  onClose,
  onDone,
}: {
  open: boolean;
  draftId: number;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Opened again: the last attempt's error goes (and the form is reset, below).
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setError(null);
  }
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async ({ reason }: { reason: string }) => {
    setSaving(true);
    setError(null);
    try {
      const n = await acceptFindings(draftId, reason.trim());
      message.success(t("findings.accepted", { count: formatCount(n) }));
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t("findings.acceptTitle")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("findings.accept")}
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      <Typography.Paragraph type="secondary">{t("findings.acceptIntro")}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="reason" label={t("findings.reason")} rules={[{ required: true, whitespace: true, message: t("findings.reasonRequired") }]}>
          <Input.TextArea
            data-testid="findings-reason"
            autoFocus
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={500}
            onPressEnter={(e) => {
              // Enter submits (Shift+Enter for a new line); never while an IME is composing.
              if (e.shiftKey || e.nativeEvent.isComposing) return;
              e.preventDefault();
              form.submit();
            }}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
