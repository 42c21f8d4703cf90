import { Alert, Button, Card, Form, Input, Typography } from "antd";
import type { ArchiveInfo } from "../../bindings/ArchiveInfo";
import { setLang, useI18n } from "../../i18n";
import { signIn } from "../../stores/session";
import { useReadyReport } from "../../hooks/useReadyReport";
import { useSubmit } from "../../hooks/useSubmit";

type Values = { name: string; password: string };

/** 登录: shown whenever the archive exists and nobody is signed in. Enter submits. */
export default function LoginPage({ info }: { info: ArchiveInfo }) {
  const { t, lang } = useI18n();
  const { submitting, error, submit } = useSubmit((values: Values) => signIn(values.name.trim(), values.password), true);
  useReadyReport("login", true);

  return (
    <div className="first-run">
      <Card
        style={{ width: 420 }}
        title={`${info.archiveName ?? t("app.title")} · ${t("login.title")}`}
        extra={
          <Button data-testid="lang-switch" size="small" onClick={() => setLang(lang === "zh" ? "en" : "zh")}>
            {t("lang.switch")}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t("login.intro")}</Typography.Paragraph>
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="name" label={t("login.name")} rules={[{ required: true, whitespace: true, message: t("login.nameRequired") }]}>
            <Input data-testid="login-name" autoFocus autoComplete="username" maxLength={64} />
          </Form.Item>
          <Form.Item name="password" label={t("login.password")} rules={[{ required: true, message: t("login.passwordRequired") }]}>
            <Input.Password data-testid="login-password" autoComplete="current-password" />
          </Form.Item>
          {error && <Alert data-testid="login-error" type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Button data-testid="login-submit" type="primary" htmlType="submit" loading={submitting} block>
            {t("login.submit")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
