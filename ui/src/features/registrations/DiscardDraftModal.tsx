import { Alert, Form, Input, Modal, Typography, type ButtonProps } from "antd";
import { useEffect } from "react";
import { discardDraft } from "../../api";
import type { DiscardReport } from "../../bindings/DiscardReport";
import { useSubmit } from "../../hooks/useSubmit";
import { useI18n } from "../../i18n";

/** 放弃草稿: asks why, says what leaves the vault, then discard_draft. */
export default function DiscardDraftModal({
  open,
  draftId,
  title,
  onClose,
  onDiscarded,
}: {
  open: boolean;
  draftId: number;
  title: string;
  onClose: () => void;
  onDiscarded: (report: DiscardReport) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const { submitting, error, submit } = useSubmit(async ({ reason }: { reason: string }) =>
    onDiscarded(await discardDraft(draftId, reason.trim())),
  );

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  return (
    <Modal
      open={open}
      title={t("discard.title", { id: String(draftId) })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("discard.confirm")}
      okButtonProps={{ danger: true, "data-testid": "discard-confirm" } as ButtonProps}
      confirmLoading={submitting}
      destroyOnHidden
    >
      <Typography.Paragraph>{t("discard.intro", { title })}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="reason" label={t("discard.reason")} rules={[{ required: true, whitespace: true, message: t("discard.reasonRequired") }]}>
          <Input.TextArea data-testid="discard-reason" autoFocus autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
