import { Form, Radio, Select, Space } from "antd";
import { listMedia } from "../../api";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import PathInput from "../../components/PathInput";

export type SourceValues = { source: "vault" | "medium"; from?: string };

/** The folder to read from: null for the vault, else the chosen medium's folder. */
export const chosenSource = (v: SourceValues): string | null => (v.source === "medium" ? (v.from ?? "").trim() || null : null);

/** A registered medium's folder: picked from the register (its recorded place) or browsed to. */
function MediumFolder({ value, onChange, exclude, testId }: { value?: string; onChange?: (v: string) => void; exclude?: string; testId: string }) {
  const { t } = useI18n();
  const media = useLoad(listMedia);
  const options = (media.data ?? []).filter((m) => m.label !== exclude).map((m) => ({ value: m.path, label: `${m.label} · ${m.set} · ${m.path}` }));
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Select
        data-testid={`${testId}-select`}
        placeholder={t("media.sourcePick")}
        loading={media.loading}
        options={options}
        value={options.some((o) => o.value === value) ? value : undefined}
        onChange={(v: string) => onChange?.(v)}
      />
      <PathInput testId={`${testId}-input`} value={value} onChange={onChange} />
    </Space>
  );
}

/**
 * Form fields `source` (本机库房 / another medium) and `from` (the medium's folder), for the
 * restore and repair dialogs. `exclude` leaves the medium being repaired out of the list.
 */
export default function MediumSourceFields({ label, testId, exclude }: { label: string; testId: string; exclude?: string }) {
  const { t } = useI18n();
  const source = Form.useWatch<SourceValues["source"] | undefined>("source");
  return (
    <>
      <Form.Item name="source" label={label} initialValue="vault">
        <Radio.Group>
          <Radio value="vault">
            <span data-testid={`${testId}-vault`}>{t("media.sourceVault")}</span>
          </Radio>
          <Radio value="medium">
            <span data-testid={`${testId}-medium`}>{t("media.sourceMedium")}</span>
          </Radio>
        </Radio.Group>
      </Form.Item>
      {source === "medium" && (
        <Form.Item name="from" extra={t("media.sourcePathHint")} rules={[{ required: true, whitespace: true, message: t("media.pathRequired") }]}>
          <MediumFolder testId={`${testId}-from`} exclude={exclude} />
        </Form.Item>
      )}
    </>
  );
}
