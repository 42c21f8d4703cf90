import { App, Checkbox, Form, Input, Modal, type ButtonProps } from "antd";
import { pathKinds } from "../api";
import type { Application } from "../bindings/Application";
import { useMediaJobStart } from "../hooks/useMediaJobStart";
import { useI18n } from "../i18n";
import { startRestoreJob } from "../stores/mediaJob";
import MediumSourceFields, { chosenSource, type SourceValues } from "./MediumSourceFields";
import PathInput from "./PathInput";

type Values = SourceValues & { to: string; file?: string; overwrite?: boolean };

/** 数据恢复 under an approved application: from the vault or a medium, to a folder, optionally one file. */
export default function RestoreModal({ application, onClose }: { application: Application | null; onClose: () => void }) {
  const { t } = useI18n();
  const startJob = useMediaJobStart();
  const [form] = Form.useForm<Values>();
  const { modal } = App.useApp();
  // A target folder that does not exist is made only once the clerk says so.
  const submit = async (v: Values) => {
    if (!application) return;
    const [kind] = await pathKinds([v.to.trim()]);
    if (kind === "missing") {
      const create = await modal.confirm({
        title: t("restore.createTitle"),
        content: t("restore.createBody", { path: v.to.trim() }),
        okText: t("restore.createOk"),
        okButtonProps: { "data-testid": "restore-create-confirm" } as ButtonProps,
      });
      if (!create) return;
    }
    run(v);
  };
  const run = (v: Values) => {
    if (!application) return;
    const started = startJob(() =>
      startRestoreJob(application.registrationNumber ?? String(application.registrationId), {
        applicationId: application.id,
        registrationId: application.registrationId,
        to: v.to.trim(),
        file: v.file?.trim() || null,
        overwrite: v.overwrite ?? false,
        from: chosenSource(v),
      }),
    );
    if (started) onClose();
  };
  return (
    <Modal
      open={application !== null}
      title={t("restore.title", { number: application?.registrationNumber ?? "" })}
      onCancel={onClose}
      okText={t("restore.start")}
      okButtonProps={{ "data-testid": "restore-start" } as ButtonProps}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" requiredMark={false} preserve={false} onFinish={(v) => void submit(v)}>
        <MediumSourceFields label={t("restore.source")} testId="restore-source" />
        <Form.Item name="to" label={t("restore.to")} rules={[{ required: true, whitespace: true, message: t("media.pathRequired") }]}>
          <PathInput testId="restore-path-input" />
        </Form.Item>
        <Form.Item name="file" label={t("restore.file")} extra={t("restore.fileHint")}>
          <Input data-testid="restore-file-input" className="mono" />
        </Form.Item>
        <Form.Item name="overwrite" valuePropName="checked">
          <Checkbox data-testid="restore-overwrite">{t("restore.overwrite")}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
