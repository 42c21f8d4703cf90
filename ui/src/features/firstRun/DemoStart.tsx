import { Alert, App, Button, Space, Typography } from "antd";
import { useState } from "react";
import { initDemo } from "../../api";
import type { ArchiveInfo } from "../../bindings/ArchiveInfo";
import { errorMessage } from "../../errors";
import { useI18n } from "../../i18n";

/** 演示档案库: one click creates the training archive, signs its admin in and shows the
 *  demo accounts a trainer hands out. */
export default function DemoStart({ onBack, onDone }: { onBack: () => void; onDone: (info: ArchiveInfo) => void }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const demo = await initDemo();
      modal.success({
        title: t("demo.started"),
        content: (
          <div data-testid="demo-accounts">
            <Typography.Paragraph>{t("demo.accounts", { password: demo.password })}</Typography.Paragraph>
            <ul>
              {demo.accounts.map((name) => (
                <li key={name}>{name}</li>
              ))}
            </ul>
          </div>
        ),
        okButtonProps: { "data-testid": "demo-accounts-ok" },
      });
      onDone(demo.info);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{t("wizard.demoHint")}</Typography.Paragraph>
      {error && <Alert data-testid="demo-error" type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Space style={{ width: "100%", justifyContent: "space-between" }}>
        <Button data-testid="wizard-back" onClick={onBack} disabled={busy}>
          {t("wizard.back")}
        </Button>
        <Button data-testid="demo-start" type="primary" loading={busy} onClick={() => void start()}>
          {busy ? t("demo.creating") : t("wizard.demo")}
        </Button>
      </Space>
    </>
  );
}
