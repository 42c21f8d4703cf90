import { Form, Modal, Typography, type ButtonProps } from "antd";
import { useMediaJobStart } from "../../hooks/useMediaJobStart";
import { useI18n } from "../../i18n";
import { startRepairJob } from "../../stores/mediaJob";
import MediumSourceFields, { chosenSource, type SourceValues } from "./MediumSourceFields";

export type RepairTarget = { label: string; path: string };

/** 修复介质: from the vault or another registered medium; runs as a media job. */
export default function RepairModal({ medium, onClose }: { medium: RepairTarget | null; onClose: () => void }) {
  const { t } = useI18n();
  const startJob = useMediaJobStart();
  const [form] = Form.useForm<SourceValues>();
  const submit = (v: SourceValues) => {
    if (medium && startJob(() => startRepairJob(medium.label, medium.path, chosenSource(v)))) onClose();
  };
  return (
    <Modal
      open={medium !== null}
      title={t("media.repairTitle", { label: medium?.label ?? "" })}
      onCancel={onClose}
      okText={t("media.repairStart")}
      okButtonProps={{ "data-testid": "repair-start" } as ButtonProps}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary">{t("media.repairIntro")}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} preserve={false} onFinish={submit}>
        <MediumSourceFields label={t("media.repairSource")} testId="repair-source" exclude={medium?.label} />
      </Form>
    </Modal>
  );
}
