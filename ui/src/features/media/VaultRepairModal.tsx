import { Modal, Select, Typography, type ButtonProps } from "antd";
import { useState } from "react";
import type { Medium } from "../../bindings/Medium";
import { useMediaJobStart } from "../../hooks/useMediaJobStart";
import { useI18n } from "../../i18n";
import { startVaultRepairJob } from "../../stores/mediaJob";

/** 从介质修复保管库: pick a registered medium (plugged in at its recorded path) to copy the
 *  vault's missing or changed objects back from. */
export default function VaultRepairModal({ open, media, onClose }: { open: boolean; media: Medium[]; onClose: () => void }) {
  const { t } = useI18n();
  const startJob = useMediaJobStart();
  const [label, setLabel] = useState<string | null>(null);
  const chosen = media.find((m) => m.label === label) ?? null;
  return (
    <Modal
      open={open}
      title={t("vault.repairTitle")}
      onCancel={onClose}
      okText={t("vault.repairStart")}
      okButtonProps={{ disabled: !chosen, "data-testid": "vault-repair-start" } as ButtonProps}
      onOk={() => {
        if (!chosen) return;
        onClose();
        startJob(() => startVaultRepairJob(t("media.fromMedium", { label: chosen.label }), chosen.path));
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t("vault.repairIntro")}</Typography.Paragraph>
      <Select
        data-testid="vault-repair-medium"
        style={{ width: "100%" }}
        placeholder={t("vault.repairMedium")}
        value={label ?? undefined}
        onChange={setLabel}
        options={media.map((m) => ({ value: m.label, label: `${m.label}（${m.set}）${m.path}` }))}
      />
    </Modal>
  );
}
