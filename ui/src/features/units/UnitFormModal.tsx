import { Modal } from "antd";
import { useState } from "react";
import type { Unit } from "../../bindings/Unit";
import { useI18n } from "../../i18n";
import UnitForm from "./UnitForm";

/** 新增单位 or 修改单位 (given `unit`) dialog; every opening gets a fresh form. */
export default function UnitFormModal({
  open,
  unit,
  domains,
  onClose,
  onSaved,
}: {
  open: boolean;
  unit?: Unit;
  domains: string[];
  onClose: () => void;
  onSaved: (unit: Unit, warnings: string[]) => void;
}) {
  const { t } = useI18n();
  // Each opening is a fresh form.
  const [session, setSession] = useState(0);
  const [wasOpen, setWasOpen] = useState(false);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setSession((n) => n + 1);
  }
  return (
    <Modal open={open} title={t(unit ? "unitForm.editTitle" : "unitForm.title")} onCancel={onClose} footer={null} destroyOnHidden width={560}>
      <UnitForm key={session} unit={unit} domains={domains} onCancel={onClose} onSaved={onSaved} />
    </Modal>
  );
}
