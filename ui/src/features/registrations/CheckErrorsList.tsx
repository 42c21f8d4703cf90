import { Alert, App, Button, Input, Modal, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { acceptCheckErrors } from "../../api";
import type { CheckError } from "../../bindings/CheckError";
import { errorMessage } from "../../errors";
import { formatCount, formatDateTime } from "../../format";
import { useI18n } from "../../i18n";

/** What a reviewer is about to accept: one finding, or every open one. */
type Target = { rule: string; item: string | null; message: string } | "all";

/** The error findings of a draft's current content that the seal waits on (DA/T 70), each
 *  marked accepted or not; a reviewer (`canAccept`) accepts them with a reason. */
export default function CheckErrorsList({
  draftId,
  errors,
  canAccept,
  onAccepted,
}: {
  draftId: number;
  errors: CheckError[];
  canAccept: boolean;
  onAccepted: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [target, setTarget] = useState<Target | null>(null);
  const [reason, setReason] = useState("");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = errors.filter((e) => e.accepted === null);
  if (errors.length === 0) return null;

  const close = () => {
    if (saving) return;
    setTarget(null);
    setReason("");
    setError(null);
  };
  const accept = async () => {
    if (!target || !reason.trim() || saving) return;
    setSaving(true);
    setError(null);
    try {
      const added =
        target === "all"
          ? await acceptCheckErrors(draftId, null, null, reason)
          : await acceptCheckErrors(draftId, target.rule, target.item, reason);
      message.success(t("sealCheck.accepted", { n: formatCount(added.length) }));
      setTarget(null);
      setReason("");
      onAccepted();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Alert
      data-testid="seal-check-errors"
      type={open.length > 0 ? "error" : "success"}
      showIcon
      style={{ marginBottom: 16 }}
      title={
        open.length > 0
          ? t("sealCheck.open", { n: formatCount(errors.length), open: formatCount(open.length) })
          : t("sealCheck.allAccepted", { n: formatCount(errors.length) })
      }
      action={
        canAccept &&
        open.length > 1 && (
          <Button data-testid="accept-all-errors" size="small" onClick={() => setTarget("all")}>
            {t("sealCheck.acceptAll")}
          </Button>
        )
      }
      description={
        <>
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {errors.map((e, i) => (
              <li key={`${e.finding.rule} ${e.finding.item ?? ""}`} data-testid={`check-error-${i}`} style={{ marginBottom: 4 }}>
                <Space wrap size={6}>
                  {e.accepted ? <Tag color="green">{t("sealCheck.acceptedTag")}</Tag> : <Tag color="red">{t("sealCheck.openTag")}</Tag>}
                  <Typography.Text className="mono">{e.finding.item ?? t("sealCheck.wholeRegistration")}</Typography.Text>
                  <span>{e.finding.message}</span>
                  <Typography.Text type="secondary" className="mono">
                    {e.finding.rule}
                  </Typography.Text>
                  {canAccept && !e.accepted && (
                    <Button
                      data-testid={`accept-error-${i}`}
                      size="small"
                      type="link"
                      onClick={() => setTarget({ rule: e.finding.rule, item: e.finding.item, message: e.finding.message })}
                    >
                      {t("sealCheck.accept")}
                    </Button>
                  )}
                </Space>
                {e.accepted && (
                  <Typography.Text type="secondary" style={{ display: "block" }}>
                    {t("sealCheck.reasonLine", {
                      reason: e.accepted.reason,
                      by: e.accepted.acceptedBy,
                      at: formatDateTime(e.accepted.acceptedAt),
                    })}
                  </Typography.Text>
                )}
              </li>
            ))}
          </ul>
          {open.length > 0 && (
            <Typography.Text type="secondary" style={{ display: "block", marginTop: 8 }}>
              {canAccept ? t("sealCheck.hintReviewer") : t("sealCheck.hintClerk")}
            </Typography.Text>
          )}
          <Modal
            open={target !== null}
            title={t("sealCheck.modalTitle")}
            onCancel={close}
            destroyOnHidden
            footer={[
              <Button key="cancel" onClick={close} disabled={saving}>
                {t("common.cancel")}
              </Button>,
              <Button key="ok" data-testid="accept-submit" type="primary" disabled={!reason.trim()} loading={saving} onClick={() => void accept()}>
                {t("sealCheck.accept")}
              </Button>,
            ]}
          >
            <Typography.Paragraph>
              {target === "all"
                ? t("sealCheck.acceptAllPrompt", { n: formatCount(open.length) })
                : target && `${target.item ?? t("sealCheck.wholeRegistration")}：${target.message}`}
            </Typography.Paragraph>
            <Input.TextArea
              data-testid="accept-reason"
              autoFocus
              rows={3}
              maxLength={500}
              placeholder={t("sealCheck.reasonPlaceholder")}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            {error && <Alert data-testid="accept-error" type="error" showIcon title={error} style={{ marginTop: 16 }} />}
          </Modal>
        </>
      }
    />
  );
}
