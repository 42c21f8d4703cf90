import { Modal } from "antd";
import { useEffect, useState } from "react";
import type { Unit } from "../bindings/Unit";
import { useI18n } from "../i18n";
import UnitForm from "./UnitForm";

/** 新增单位 dialog; every opening gets a fresh, empty form. */
export default function UnitFormModal({
  open,
  domains,
  onClose,
  onAdded,
}: {
  open: boolean;
  domains: string[];
  onClose: () => void;
  onAdded: (unit: Unit) => void;
}) {
  const { t } = useI18n();
  const [session, setSession] = useState(0);
  useEffect(() => {
    if (open) setSession((n) => n + 1);
  }, [open]);
  return (
    <Modal open={open} title={t("unitForm.title")} onCancel={onClose} footer={null} destroyOnHidden width={560}>
      <UnitForm key={session} domains={domains} onCancel={onClose} onAdded={onAdded} />
    </Modal>
  );
}
