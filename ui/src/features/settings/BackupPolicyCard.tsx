import { Button, Card, Form, InputNumber, Space } from "antd";
import { useState } from "react";
import { setApprovalDays, setCheckCycle, setCopySets, setMinSample } from "../../api";
import type { MediumKind } from "../../bindings/MediumKind";
import type { Settings } from "../../bindings/Settings";
import { useI18n } from "../../i18n";

const KINDS: MediumKind[] = ["hdd", "ssd", "usb", "optical", "tape"];

/** One number with its own save button, enabled once it differs from the saved value. */
function NumberSetting({
  testId,
  value,
  min,
  max,
  suffix,
  saving,
  onSave,
}: {
  testId: string;
  value: number;
  min: number;
  max: number;
  suffix: string;
  saving: boolean;
  onSave: (n: number) => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<number | null>(value);
  // A new saved value replaces what was being typed.
  const [saved, setSaved] = useState(value);
  if (saved !== value) {
    setSaved(value);
    setDraft(value);
  }
  return (
    <Space>
      <InputNumber data-testid={testId} min={min} max={max} precision={0} value={draft} onChange={setDraft} suffix={suffix} style={{ width: 140 }} />
      <Button
        data-testid={`${testId}-save`}
        type="primary"
        loading={saving}
        disabled={draft === null || draft === value}
        onClick={() => draft !== null && onSave(draft)}
      >
        {t("settings.save")}
      </Button>
    </Space>
  );
}

/** 备份策略 (admin): how many copy sets, how often each kind of medium is checked, and the
 *  smallest sample a check may read. Each change is a ledger entry. */
export default function BackupPolicyCard({
  settings,
  saving,
  save,
}: {
  settings: Settings;
  saving: boolean;
  save: (change: () => Promise<Settings>) => void;
}) {
  const { t } = useI18n();
  return (
    <Card title={t("policy.title")} style={{ maxWidth: 720, marginTop: 16 }} data-testid="backup-policy-card">
      <Form layout="vertical">
        <Form.Item label={t("settings.copySets")} extra={t("policy.copySetsHint")}>
          <NumberSetting
            testId="settings-copy-sets"
            value={settings.copySetsRequired}
            min={1}
            max={9}
            suffix={t("policy.sets")}
            saving={saving}
            onSave={(n) => save(() => setCopySets(n))}
          />
        </Form.Item>
        <Form.Item label={t("policy.minSample")} extra={t("policy.minSampleHint")}>
          <NumberSetting
            testId="settings-min-sample"
            value={settings.minSamplePercent}
            min={1}
            max={100}
            suffix="%"
            saving={saving}
            onSave={(n) => save(() => setMinSample(n))}
          />
        </Form.Item>
        <Form.Item label={t("policy.approvalDays")} extra={t("policy.approvalDaysHint")}>
          <NumberSetting
            testId="settings-approval-days"
            value={settings.approvalValidDays}
            min={1}
            max={365}
            suffix={t("policy.days")}
            saving={saving}
            onSave={(n) => save(() => setApprovalDays(n))}
          />
        </Form.Item>
        <Form.Item label={t("policy.cycles")} extra={t("policy.cyclesHint")} style={{ marginBottom: 0 }}>
          <Space orientation="vertical">
            {KINDS.map((k) => (
              <Space key={k}>
                <span style={{ display: "inline-block", width: 72 }}>{t(`media.kind.${k}`)}</span>
                <NumberSetting
                  testId={`settings-cycle-${k}`}
                  value={settings.checkCycleMonths[k] ?? 12}
                  min={1}
                  max={240}
                  suffix={t("policy.months")}
                  saving={saving}
                  onSave={(n) => save(() => setCheckCycle(k, n))}
                />
              </Space>
            ))}
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}
