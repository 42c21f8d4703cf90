import { InboxOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Form, Input, Select, Space } from "antd";
import { useState } from "react";
import { listRegistrations, listSeries, listUnits } from "../../api";
import type { RecordKind } from "../../bindings/RecordKind";
import IntakeProgress from "./IntakeProgress";
import SourcePicker from "./SourcePicker";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import { recordKindOptions } from "../../labels";
import { navigate } from "../../router";
import { intakeForm, updateIntakeForm } from "../../stores/intakeForm";
import { clearIntakeJob, intakeJob, isJobActive, startIntakeJob } from "../../stores/jobs";
import { usePathKinds } from "../../hooks/usePathKinds";

type Values = { unitId?: number; title?: string; kind?: RecordKind; period?: string };

/** 接收登记: a new registration, more files for an existing draft (draftId set), or the next
 *  hand-over of a business data series (seriesId set). */
export default function IntakePage({ draftId, seriesId = null }: { draftId: number | null; seriesId?: number | null }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const job = intakeJob.use();
  const active = isJobActive(job);
  const units = useLoad(listUnits);
  const draft = useLoad(async () => (draftId === null ? null : ((await listRegistrations()).find((r) => r.id === draftId) ?? null)), [draftId]);
  const series = useLoad(async () => (seriesId === null ? null : ((await listSeries()).find((s) => s.id === seriesId) ?? null)), [seriesId]);
  const [form] = Form.useForm<Values>();
  const [pathsError, setPathsError] = useState<string | null>(null);
  const { paths } = intakeForm.use();
  const kinds = usePathKinds(paths);
  const initial = intakeForm.get();

  const start = (v: Values) => {
    if (paths.length === 0) {
      setPathsError(t("intake.pathsRequired"));
      return;
    }
    if (paths.some((p) => kinds[p] === "missing")) {
      setPathsError(t("path.missingBlocks"));
      return;
    }
    setPathsError(null);
    try {
      clearIntakeJob();
      const none = { seriesId: null, period: null };
      startIntakeJob(
        draftId !== null
          ? { draftId, unitId: null, title: null, kind: null, ...none, paths }
          : seriesId !== null
            ? { draftId: null, unitId: null, title: v.title?.trim() || null, kind: null, seriesId, period: v.period?.trim() || null, paths }
            : { draftId: null, unitId: v.unitId ?? null, title: (v.title ?? "").trim(), kind: v.kind ?? null, ...none, paths },
      );
    } catch {
      message.warning(t("intake.busy"));
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      {job && active && <IntakeProgress job={job} />}
      {job?.status === "failed" && (
        <Alert type="error" showIcon closable={{ onClose: clearIntakeJob }} title={t("intake.failed")} description={job.error} />
      )}
      <Card
        title={
          draftId !== null
            ? t("intake.addToDraft", { id: draftId })
            : seriesId !== null
              ? t("intake.seriesTitle", { name: series.data?.name ?? `#${seriesId}` })
              : t("intake.title")
        }
      >
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          disabled={active}
          // A series' hand-over starts blank: the form kept across pages is a new registration's.
          initialValues={seriesId !== null ? {} : { unitId: initial.unitId ?? undefined, title: initial.title, kind: initial.kind ?? undefined }}
          onValuesChange={(_, all: Values) =>
            seriesId === null && updateIntakeForm({ unitId: all.unitId ?? null, title: all.title ?? "", kind: all.kind ?? null })
          }
          onFinish={start}
        >
          {seriesId !== null ? (
            <>
              <Alert
                data-testid="intake-series"
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                title={series.data ? `${series.data.unitName} · ${series.data.name}${series.data.lastPeriod ? ` · ${t("intake.seriesLast", { period: series.data.lastPeriod })}` : ""}` : (series.error ?? "")}
                description={t("intake.seriesHint")}
              />
              <Form.Item name="period" label={t("intake.period")} extra={t("intake.periodHint")}>
                <Input data-testid="intake-period" placeholder={t("intake.periodPlaceholder")} maxLength={10} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="title" label={t("intake.regTitle")}>
                <Input data-testid="intake-title" placeholder={t("intake.seriesTitlePlaceholder")} maxLength={200} />
              </Form.Item>
            </>
          ) : draftId !== null ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={draft.data ? `${draft.data.title} · ${draft.data.unitName}` : (draft.error ?? t("intake.addToDraft", { id: draftId }))}
              description={t("intake.addToDraftHint")}
              action={
                <Button size="small" type="link" onClick={() => navigate({ name: "intake" })}>
                  {t("intake.newIntake")}
                </Button>
              }
            />
          ) : (
            <>
              {units.error && <Alert type="error" showIcon title={units.error} style={{ marginBottom: 16 }} />}
              <Form.Item name="unitId" label={t("intake.unit")} rules={[{ required: true, message: t("intake.unitRequired") }]}>
                <Select
                  data-testid="intake-unit"
                  showSearch={{ optionFilterProp: "label" }}
                  loading={units.loading}
                  placeholder={t("intake.unitPlaceholder")}
                  options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
                />
              </Form.Item>
              <Form.Item
                name="title"
                label={t("intake.regTitle")}
                rules={[{ required: true, whitespace: true, message: t("intake.regTitleRequired") }]}
              >
                <Input data-testid="intake-title" placeholder={t("intake.regTitlePlaceholder")} maxLength={200} showCount />
              </Form.Item>
              <Form.Item name="kind" label={t("intake.kind")} rules={[{ required: true, message: t("intake.kindRequired") }]}>
                <Select data-testid="intake-kind" options={recordKindOptions(t)} />
              </Form.Item>
            </>
          )}
          <Form.Item label={t("intake.sources")} required>
            <SourcePicker
              disabled={active}
              kinds={kinds}
              error={paths.some((p) => kinds[p] === "missing") ? t("path.missingBlocks") : paths.length === 0 ? pathsError : null}
            />
          </Form.Item>
          <Button data-testid="intake-start" type="primary" size="large" htmlType="submit" icon={<InboxOutlined />} disabled={active}>
            {t("intake.start")}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
