import { Alert, Button, Card, Divider, Form, Input, Typography } from "antd";
import { useEffect, useState } from "react";
import { checkRegion, initArchive } from "../api";
import type { ArchiveInfo } from "../bindings/ArchiveInfo";
import RegionStatus from "../components/RegionStatus";
import { errorMessage } from "../errors";
import { useLiveCheck } from "../hooks/useLiveCheck";
import { setLang, useI18n } from "../i18n";

type Values = { archiveName: string; regionCode: string; adminName: string; adminPassword: string; adminPasswordConfirm: string };

const MIN_PASSWORD_CHARS = 8;

const isSixDigits = (v: string) => /^\d{6}$/.test(v);

/** 初始化: shown until the archive has a name, a region code and its first admin, who is
 *  signed in on success. */
export default function FirstRunPage({ onDone }: { onDone: (info: ArchiveInfo) => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const regionCode: string = Form.useWatch("regionCode", form) ?? "";
  const region = useLiveCheck(regionCode.trim(), checkRegion, isSixDigits);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const regionOk = region.result?.valid === true && region.checkedValue === regionCode.trim();
  // The live check answers after the field was validated: validate again once it has.
  useEffect(() => {
    if (regionOk) void form.validateFields(["regionCode"]).catch(() => undefined);
  }, [regionOk, form]);

  const submit = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      const info = await initArchive(values.archiveName.trim(), values.regionCode.trim(), values.adminName.trim(), values.adminPassword);
      onDone(info);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="first-run">
      <Card
        style={{ width: 520 }}
        title={t("init.title")}
        extra={
          <Button data-testid="lang-switch" size="small" onClick={() => setLang(lang === "zh" ? "en" : "zh")}>
            {t("lang.switch")}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t("init.intro")}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="archiveName"
            label={t("init.archiveName")}
            rules={[{ required: true, whitespace: true, message: t("init.archiveNameRequired") }]}
          >
            <Input data-testid="init-archive-name" placeholder={t("init.archiveNamePlaceholder")} autoFocus maxLength={100} />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={t("init.region")}
            extra={<RegionStatus code={regionCode.trim()} check={region} />}
            rules={[
              {
                validator: () => (regionOk ? Promise.resolve() : Promise.reject(new Error(t("init.regionRequired")))),
              },
            ]}
          >
            <Input data-testid="init-region" placeholder={t("init.regionPlaceholder")} maxLength={6} inputMode="numeric" />
          </Form.Item>
          <Divider titlePlacement="start" plain>
            {t("init.admin")}
          </Divider>
          <Form.Item name="adminName" label={t("init.adminName")} rules={[{ required: true, whitespace: true, message: t("init.adminNameRequired") }]}>
            <Input data-testid="init-admin-name" autoComplete="username" maxLength={64} />
          </Form.Item>
          <Form.Item
            name="adminPassword"
            label={t("init.adminPassword")}
            extra={t("init.passwordHint")}
            rules={[{ required: true, min: MIN_PASSWORD_CHARS, message: t("init.passwordRequired") }]}
          >
            <Input.Password data-testid="init-admin-password" autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="adminPasswordConfirm"
            label={t("init.adminPasswordConfirm")}
            dependencies={["adminPassword"]}
            rules={[
              { required: true, message: t("init.passwordMismatch") },
              ({ getFieldValue }) => ({
                validator: (_, v) =>
                  !v || v === getFieldValue("adminPassword") ? Promise.resolve() : Promise.reject(new Error(t("init.passwordMismatch"))),
              }),
            ]}
          >
            <Input.Password data-testid="init-admin-password-confirm" autoComplete="new-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Button data-testid="init-submit" type="primary" htmlType="submit" loading={submitting} block>
            {t("init.submit")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
