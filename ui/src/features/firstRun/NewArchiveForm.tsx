import { Alert, Button, Col, Collapse, Divider, Form, Input, InputNumber, Row, Space, Steps, Switch, Typography } from "antd";
import { useEffect, useState } from "react";
import { checkRegion, initArchive } from "../../api";
import type { ArchiveInfo } from "../../bindings/ArchiveInfo";
import type { SettingsPreview } from "../../bindings/SettingsPreview";
import KeyPassphraseFields from "../keys/KeyPassphraseFields";
import RegionStatus from "./RegionStatus";
import { errorMessage } from "../../errors";
import { useLiveCheck } from "../../hooks/useLiveCheck";
import { useI18n } from "../../i18n";
import { DEFAULT_POLICIES, MEDIUM_KINDS } from "./policyDefaults";
import SettingsFileField from "./SettingsFileField";

type Values = {
  archiveName: string;
  regionCode: string;
  adminName: string;
  adminPassword: string;
  adminPasswordConfirm: string;
  copySetsRequired: number;
  fourEyes: boolean;
  checkCycleMonths: Record<string, number>;
  keyPassphrase: string;
  keyPassphraseAgain: string;
};

const MIN_PASSWORD_CHARS = 8;
const LAST_STEP = 2;

const isSixDigits = (v: string) => /^\d{6}$/.test(v);

/** 新建档案库: name, region code and first admin, then the policies (a settings file from
 *  another workstation can fill both in), then the archive key's passphrase. Finishing
 *  creates the archive with its policies and its key, unlocked for this sign-in. */
export default function NewArchiveForm({ onBack, onDone }: { onBack: () => void; onDone: (info: ArchiveInfo) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  // Carried from a settings file (no field of their own): domain list and idle lock.
  const [fromFile, setFromFile] = useState({ domains: DEFAULT_POLICIES.domains, idleLockMinutes: DEFAULT_POLICIES.idleLockMinutes });
  const regionCode: string = Form.useWatch("regionCode", form) ?? "";
  const region = useLiveCheck(regionCode.trim(), checkRegion, isSixDigits);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const regionOk = region.result?.valid === true && region.checkedValue === regionCode.trim();
  // The live check answers after the field was validated: validate again once it has.
  useEffect(() => {
    if (regionOk && step === 0) void form.validateFields(["regionCode"]).catch(() => undefined);
  }, [regionOk, form, step]);

  const prefill = (p: SettingsPreview) => {
    form.setFieldsValue({
      archiveName: p.archiveName,
      regionCode: p.regionCode,
      copySetsRequired: p.policies.copySetsRequired,
      fourEyes: p.policies.fourEyes,
      checkCycleMonths: { ...DEFAULT_POLICIES.checkCycleMonths, ...p.policies.checkCycleMonths },
    });
    setFromFile({ domains: p.policies.domains, idleLockMinutes: p.policies.idleLockMinutes });
  };

  const next = async () => {
    try {
      await form.validateFields();
      setStep((s) => s + 1);
    } catch {
      // The form shows what is missing.
    }
  };

  const submit = async () => {
    const v = form.getFieldsValue(true) as Values;
    setSubmitting(true);
    setError(null);
    try {
      const policies = {
        fourEyes: v.fourEyes,
        idleLockMinutes: fromFile.idleLockMinutes,
        copySetsRequired: v.copySetsRequired,
        checkCycleMonths: v.checkCycleMonths,
        domains: fromFile.domains,
      };
      const info = await initArchive(v.archiveName.trim(), v.regionCode.trim(), v.adminName.trim(), v.adminPassword, policies, v.keyPassphrase);
      onDone(info);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      <Steps size="small" current={step} items={[{ title: t("init.stepArchive") }, { title: t("init.stepPolicies") }, { title: t("init.stepKey") }]} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{
          copySetsRequired: DEFAULT_POLICIES.copySetsRequired,
          fourEyes: DEFAULT_POLICIES.fourEyes,
          checkCycleMonths: DEFAULT_POLICIES.checkCycleMonths,
        }}
        onFinish={() => void (step < LAST_STEP ? next() : submit())}
      >
        {step === 0 && (
          <>
            <Typography.Paragraph type="secondary">{t("init.intro")}</Typography.Paragraph>
            <Collapse
              size="small"
              style={{ marginBottom: 16 }}
              items={[
                {
                  key: "file",
                  label: <span data-testid="init-settings-open">{t("init.importFile")}</span>,
                  children: (
                    <>
                      <Typography.Paragraph type="secondary">{t("init.importHint")}</Typography.Paragraph>
                      <SettingsFileField onRead={prefill} />
                    </>
                  ),
                },
              ]}
            />
            {/* Two and three fields a row: the whole step, 下一步 included, fits a 1366×768 screen. */}
            <Row gutter={16}>
              <Col span={14}>
                <Form.Item
                  name="archiveName"
                  label={t("init.archiveName")}
                  rules={[{ required: true, whitespace: true, message: t("init.archiveNameRequired") }]}
                >
                  <Input data-testid="init-archive-name" placeholder={t("init.archiveNamePlaceholder")} autoFocus maxLength={100} />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item
                  name="regionCode"
                  label={t("init.region")}
                  extra={<RegionStatus code={regionCode.trim()} check={region} />}
                  rules={[{ validator: () => (regionOk ? Promise.resolve() : Promise.reject(new Error(t("init.regionRequired")))) }]}
                >
                  <Input data-testid="init-region" placeholder={t("init.regionPlaceholder")} maxLength={6} inputMode="numeric" />
                </Form.Item>
              </Col>
            </Row>
            <Divider titlePlacement="start" plain style={{ margin: "4px 0 12px" }}>
              {t("init.admin")}
            </Divider>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item name="adminName" label={t("init.adminName")} rules={[{ required: true, whitespace: true, message: t("init.adminNameRequired") }]}>
                  <Input data-testid="init-admin-name" autoComplete="username" maxLength={64} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  name="adminPassword"
                  label={t("init.adminPassword")}
                  extra={t("init.passwordHint")}
                  rules={[{ required: true, min: MIN_PASSWORD_CHARS, message: t("init.passwordRequired") }]}
                >
                  <Input.Password data-testid="init-admin-password" autoComplete="new-password" />
                </Form.Item>
              </Col>
              <Col span={8}>
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
              </Col>
            </Row>
            <Space style={{ width: "100%", justifyContent: "space-between" }}>
              <Button data-testid="wizard-back" onClick={onBack}>
                {t("wizard.back")}
              </Button>
              <Button data-testid="init-next" type="primary" htmlType="submit">
                {t("init.next")}
              </Button>
            </Space>
          </>
        )}
        {step === 1 && (
          <>
            <Form.Item name="copySetsRequired" label={t("init.copySets")} extra={t("init.copySetsHint")} rules={[{ required: true }]}>
              <InputNumber data-testid="init-copy-sets" min={1} max={9} precision={0} />
            </Form.Item>
            <Form.Item label={t("init.cycles")} extra={t("init.cyclesHint")}>
              <Space wrap size="small">
                {MEDIUM_KINDS.map((kind) => (
                  <Form.Item key={kind} name={["checkCycleMonths", kind]} label={t(`media.kind.${kind}`)} rules={[{ required: true }]}>
                    <InputNumber data-testid={`init-cycle-${kind}`} min={1} max={240} precision={0} style={{ width: 80 }} />
                  </Form.Item>
                ))}
              </Space>
            </Form.Item>
            <Form.Item name="fourEyes" label={t("init.fourEyes")} extra={t("init.fourEyesHint")} valuePropName="checked">
              <Switch data-testid="init-four-eyes" />
            </Form.Item>
            <Space style={{ width: "100%", justifyContent: "space-between" }}>
              <Button data-testid="init-prev" onClick={() => setStep(0)}>
                {t("init.prev")}
              </Button>
              <Button data-testid="init-next" type="primary" htmlType="submit">
                {t("init.next")}
              </Button>
            </Space>
          </>
        )}
        {step === 2 && (
          <>
            <Typography.Paragraph type="secondary">{t("init.keyIntro")}</Typography.Paragraph>
            <KeyPassphraseFields name="keyPassphrase" againName="keyPassphraseAgain" testId="init-key-passphrase" autoFocus />
            {error && <Alert data-testid="init-error" type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
            <Space style={{ width: "100%", justifyContent: "space-between" }}>
              <Button data-testid="init-prev" onClick={() => setStep(1)}>
                {t("init.prev")}
              </Button>
              <Button data-testid="init-submit" type="primary" htmlType="submit" loading={submitting}>
                {t("init.submit")}
              </Button>
            </Space>
          </>
        )}
      </Form>
    </>
  );
}
