import { Alert, App, Checkbox, Form, Input, Modal, type ButtonProps } from "antd";
import { pathKinds } from "../../api";
import type { Application } from "../../bindings/Application";
import { useMediaJobStart } from "../../hooks/useMediaJobStart";
import { useI18n } from "../../i18n";
import { startHandbackJob, startRestoreJob } from "../../stores/mediaJob";
import MediumSourceFields, { chosenSource, type SourceValues } from "./MediumSourceFields";
import PathInput from "../../components/PathInput";

type Values = SourceValues & { to: string; file?: string; overwrite?: boolean };

/** 数据恢复 under an approved restore application: from the vault or a medium, to a folder,
 *  optionally one file; or 交还 under a hand-back one: the whole registration, with its
 *  hand-over record written into the folder. */
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
  const handback = application?.kind === "handback";
  // A lower archive's registration comes from its copy in the vault here, never a medium.
  const lower = application?.registrationId === null;
  const run = (v: Values) => {
    if (!application) return;
    const subject = application.registrationNumber ?? String(application.registrationId);
    const common = { applicationId: application.id, to: v.to.trim(), overwrite: v.overwrite ?? false, from: chosenSource(v) };
    const started = startJob(() =>
      handback
        ? startHandbackJob(subject, common)
        : startRestoreJob(subject, { ...common, from: lower ? null : common.from, registrationId: application.registrationId, file: v.file?.trim() || null }),
    );
    if (started) onClose();
  };
  return (
    <Modal
      open={application !== null}
      title={t(handback ? "handback.title" : "restore.title", { number: application?.registrationNumber ?? "" })}
      onCancel={onClose}
      okText={t(handback ? "handback.start" : "restore.start")}
      okButtonProps={{ "data-testid": "restore-start" } as ButtonProps}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" requiredMark={false} preserve={false} onFinish={(v) => void submit(v)}>
        {lower ? (
          <Alert
            data-testid="restore-from-lower"
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t("restore.fromLower", { archive: application?.lowerArchive ?? "" })}
          />
        ) : (
          <MediumSourceFields label={t("restore.source")} testId="restore-source" />
        )}
        <Form.Item
          name="to"
          label={t(handback ? "handback.to" : "restore.to")}
          extra={handback ? t("handback.hint") : undefined}
          rules={[{ required: true, whitespace: true, message: t("media.pathRequired") }]}
        >
          <PathInput testId="restore-path-input" />
        </Form.Item>
        {!handback && (
          <Form.Item name="file" label={t("restore.file")} extra={t("restore.fileHint")}>
            <Input data-testid="restore-file-input" className="mono" />
          </Form.Item>
        )}
        <Form.Item name="overwrite" valuePropName="checked">
          <Checkbox data-testid="restore-overwrite">{t("restore.overwrite")}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
