import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { bootstrapAdmin } from "../../api";
import type { ArchiveInfo } from "../../bindings/ArchiveInfo";
import { useI18n } from "../../i18n";
import { refreshSession } from "../../stores/session";
import { useSubmit } from "../../hooks/useSubmit";

type Values = { name: string; password: string; confirm: string };

/** 创建初始管理员: an archive from before accounts existed has nobody to sign in as. */
export default function BootstrapAdminPage({ info, onDone }: { info: ArchiveInfo; onDone: (info: ArchiveInfo) => void }) {
  const { t } = useI18n();
  const { submitting, error, submit } = useSubmit(async (v: Values) => {
    const next = await bootstrapAdmin(v.name.trim(), v.password);
    await refreshSession();
    onDone(next);
  }, true);

  return (
    <div className="first-run">
      <Card style={{ width: 440 }} title={`${info.archiveName ?? t("app.title")} · ${t("bootstrap.title")}`}>
        <Typography.Paragraph type="secondary">{t("bootstrap.intro")}</Typography.Paragraph>
        <Form<Values> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="name" label={t("login.name")} rules={[{ required: true, whitespace: true, message: t("login.nameRequired") }]}>
            <Input data-testid="bootstrap-name" autoFocus maxLength={64} />
          </Form.Item>
          <Form.Item name="password" label={t("login.password")} rules={[{ required: true, min: 8, message: t("bootstrap.passwordRule") }]}>
            <Input.Password data-testid="bootstrap-password" autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t("bootstrap.confirm")}
            dependencies={["password"]}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, v) => (v === getFieldValue("password") ? Promise.resolve() : Promise.reject(new Error(t("bootstrap.mismatch")))),
              }),
            ]}
          >
            <Input.Password data-testid="bootstrap-confirm" autoComplete="new-password" />
          </Form.Item>
          {error && <Alert data-testid="bootstrap-error" type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Button data-testid="bootstrap-submit" type="primary" htmlType="submit" loading={submitting} block>
            {t("bootstrap.submit")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
