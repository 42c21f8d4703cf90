import { Button, Modal, Typography } from "antd";
import { useState } from "react";
import { keyState } from "../../api";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import KeyCreateForm from "./KeyCreateForm";

/** Asks an admin, once per sign-in, to make the key of an archive that has none (one from
 *  before keys, or one whose first admin was made for an upgraded archive). */
export default function KeyCreatePrompt() {
  const { t } = useI18n();
  const state = useLoad(() => keyState(), []);
  const [dismissed, setDismissed] = useState(false);
  const open = !dismissed && state.data?.exists === false;

  return (
    <Modal
      open={open}
      title={t("key.promptTitle")}
      onCancel={() => setDismissed(true)}
      maskClosable={false}
      footer={
        <Button data-testid="key-prompt-later" onClick={() => setDismissed(true)}>
          {t("key.promptLater")}
        </Button>
      }
      destroyOnHidden
    >
      <div data-testid="key-prompt">
        <KeyCreateForm onCreated={() => setDismissed(true)} autoFocus />
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          {t("key.promptLaterHint")}
        </Typography.Paragraph>
      </div>
    </Modal>
  );
}
