import { Alert, Button, Input, Modal, Typography } from "antd";
import { useState } from "react";
import { sealRegistration } from "../../api";
import type { SealOutcome } from "../../bindings/SealOutcome";
import { errorMessage } from "../../errors";
import { useI18n } from "../../i18n";

/** Confirmation dialog: the reviewer types the draft's number (short, yet deliberate: it
 *  names this draft and no other), then seal_registration. */
export default function SealModal({
  open,
  draftId,
  title,
  onClose,
  onSealed,
}: {
  open: boolean;
  draftId: number;
  title: string;
  onClose: () => void;
  onSealed: (outcome: SealOutcome) => void;
}) {
  const { t } = useI18n();
  const [typed, setTyped] = useState("");
  const [sealing, setSealing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const matches = typed.trim() === String(draftId);

  const close = () => {
    if (sealing) return;
    setTyped("");
    setError(null);
    onClose();
  };

  const seal = async () => {
    if (!matches || sealing) return;
    setSealing(true);
    setError(null);
    try {
      const outcome = await sealRegistration(draftId, Number(typed.trim()));
      setTyped("");
      onSealed(outcome);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSealing(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t("seal.modalTitle")}
      onCancel={close}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={close} disabled={sealing}>
          {t("common.cancel")}
        </Button>,
        <Button key="seal" data-testid="seal-submit" type="primary" danger disabled={!matches} loading={sealing} onClick={() => void seal()}>
          {t("seal.submit")}
        </Button>,
      ]}
    >
      <Typography.Paragraph>{t("seal.intro")}</Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text strong>{title}</Typography.Text>
        <br />
        {t("seal.confirmPrompt", { id: draftId })}
      </Typography.Paragraph>
      <Input
        data-testid="seal-confirm-draft"
        autoFocus
        inputMode="numeric"
        maxLength={12}
        style={{ width: 160 }}
        value={typed}
        status={typed && !matches ? "error" : undefined}
        onChange={(e) => setTyped(e.target.value)}
        onPressEnter={(e) => {
          if (e.nativeEvent.isComposing) return;
          void seal();
        }}
      />
      {typed && !matches && (
        <Typography.Text type="danger" style={{ display: "block", marginTop: 4 }}>
          {t("seal.confirmMismatch")}
        </Typography.Text>
      )}
      {error && <Alert data-testid="seal-error" type="error" showIcon title={error} style={{ marginTop: 16 }} />}
    </Modal>
  );
}
