import { LockOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Form, Input, Space, Typography } from "antd";
import { useState } from "react";
import type { Session } from "../../bindings/Session";
import { errorMessage } from "../../errors";
import { useI18n } from "../../i18n";
import { signOut, unlockScreen } from "../../stores/session";

/** Covers the whole window while the session is locked; only the same user's password unlocks. */
export default function LockScreen({ session }: { session: Session }) {
  const { t } = useI18n();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async ({ password }: { password: string }) => {
    setSubmitting(true);
    setError(null);
    try {
      await unlockScreen(password);
    } catch (e) {
      setError(errorMessage(e));
      setSubmitting(false);
    }
  };

  return (
    <div className="lock-screen" data-testid="lock-screen">
      <Card style={{ width: 400 }}>
        <Space orientation="vertical" size={8} style={{ width: "100%" }}>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            <LockOutlined /> {t("lock.title")}
          </Typography.Title>
          <Typography.Paragraph>{t("lock.intro", { name: session.name })}</Typography.Paragraph>
          <Form layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item name="password" rules={[{ required: true, message: t("login.passwordRequired") }]}>
              <Input.Password data-testid="unlock-password" autoFocus autoComplete="current-password" placeholder={t("login.password")} />
            </Form.Item>
            {error && <Alert data-testid="unlock-error" type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
            <Space>
              <Button data-testid="unlock-submit" type="primary" htmlType="submit" loading={submitting}>
                {t("lock.submit")}
              </Button>
              <Button onClick={() => void signOut()}>{t("lock.switchUser")}</Button>
            </Space>
          </Form>
        </Space>
      </Card>
    </div>
  );
}
