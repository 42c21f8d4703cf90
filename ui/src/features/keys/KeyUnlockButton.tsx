import { KeyOutlined } from "@ant-design/icons";
import { Button, Tag, Tooltip } from "antd";
import { useState } from "react";
import { keyState } from "../../api";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import KeyUnlockModal from "./KeyUnlockModal";

/** Where signing happens without asking (backups sign their checkpoint): the key's state,
 *  and a way to unlock it before the job rather than finding the result unsigned. */
export default function KeyUnlockButton() {
  const { t } = useI18n();
  const state = useLoad(() => keyState(), []);
  const [open, setOpen] = useState(false);
  const key = state.data;
  if (!key?.exists) return null;
  if (key.unlocked) {
    return (
      <Tooltip title={t("key.signsBackups")}>
        <Tag data-testid="key-unlocked-tag" color="green" icon={<KeyOutlined />}>
          {t("key.unlockedShort")}
        </Tag>
      </Tooltip>
    );
  }
  return (
    <>
      <Tooltip title={t("key.signsBackups")}>
        <Button data-testid="key-open-unlock" icon={<KeyOutlined />} onClick={() => setOpen(true)}>
          {t("key.unlockTitle")}
        </Button>
      </Tooltip>
      <KeyUnlockModal
        open={open}
        onClose={() => setOpen(false)}
        onUnlocked={() => {
          setOpen(false);
          state.reload();
        }}
      />
    </>
  );
}
