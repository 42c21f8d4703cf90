import { DownloadOutlined, SearchOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, DatePicker, Input, Segmented, Select, Space, Typography } from "antd";
import { useState } from "react";
import { accessLog, audit, listUnits, startExportAuditCsv } from "../../api";
import type { AuditFilter } from "../../bindings/AuditFilter";
import LedgerTable from "./LedgerTable";
import { errorMessage, hasCode } from "../../errors";
import { formatCount } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useLocalJob } from "../../hooks/useLocalJob";
import LocalJobProgress from "../../components/LocalJobProgress";
import { useI18n } from "../../i18n";
import { ACCESS_EVENTS, ACTION_GROUPS, actionLabel, LEDGER_ACTIONS } from "../../labels";
import { hasRole, sessionStore } from "../../stores/session";
import { saveFileDialog } from "../../dialogs";

type Range = Parameters<NonNullable<React.ComponentProps<typeof DatePicker.RangePicker>["onChange"]>>[0];

/** Midnight of a calendar day in China Standard Time, as an RFC 3339 UTC instant. */
const cstDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();

const EMPTY: AuditFilter = { operator: null, action: null, unitId: null, since: null, until: null };

/** 操作日志: the ledger filtered by operator, action, unit and date range; exportable as CSV.
 *  Reviewers and admins also read the access log (sign-ins, locks, prints, exports). */
export default function AuditPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const session = sessionStore.use();
  const readsAccess = hasRole(session, "reviewer", "admin");
  const [source, setSource] = useState<"ledger" | "access">("ledger");
  const [operator, setOperator] = useState("");
  const [action, setAction] = useState("");
  const [unitId, setUnitId] = useState<number | null>(null);
  const units = useLoad(listUnits);
  const [range, setRange] = useState<Range>(null);
  const [filter, setFilter] = useState<AuditFilter>(EMPTY);
  const [rangeKey, setRangeKey] = useState(0);
  const [exporting, setExporting] = useState(false);
  const entries = useLoad(() => (source === "access" ? accessLog(filter) : audit(filter)), [filter, source]);
  const access = source === "access";

  const search = () =>
    setFilter({
      operator: operator.trim() || null,
      action: action.trim() || null,
      unitId,
      // Whole days in China Standard Time, as the times are shown: from the first day's
      // start to the start of the day after the last.
      since: range?.[0] ? cstDayStart(range[0].format("YYYY-MM-DD")) : null,
      until: range?.[1] ? cstDayStart(range[1].add(1, "day").format("YYYY-MM-DD")) : null,
    });

  const reset = () => {
    setOperator("");
    setAction("");
    setUnitId(null);
    setRange(null);
    setRangeKey((k) => k + 1);
    setFilter(EMPTY);
  };

  // A ledger of millions of entries takes a while to write: the export is a job.
  const { job, start, cancel } = useLocalJob();

  const exportCsv = async () => {
    setExporting(true);
    try {
      const path = await saveFileDialog(t, t("dialog.saveAudit"), `${t("audit.exportName")}.csv`, "csv");
      if (!path) return;
      const out = path.toLowerCase().endsWith(".csv") ? path : `${path}.csv`;
      const count = await start((jobId, channel) => startExportAuditCsv(jobId, filter, out, channel));
      message.success(t("audit.exported", { count: formatCount(count) }));
    } catch (e) {
      if (hasCode(e, "export_cancelled")) message.info(errorMessage(e));
      else message.error(`${t("audit.exportFailed")}：${errorMessage(e)}`);
    } finally {
      setExporting(false);
    }
  };

  // Newest first on screen; the CSV keeps ledger order.
  const rows = [...(entries.data ?? [])].reverse();

  return (
    <Card
      title={
        <Space>
          {t("audit.title")}
          {readsAccess && (
            <Segmented<"ledger" | "access">
              data-testid="audit-source"
              value={source}
              onChange={(v) => {
                setSource(v);
                setAction("");
                setFilter((f) => ({ ...f, action: null, unitId: null }));
              }}
              options={[
                { value: "ledger", label: t("audit.sourceLedger") },
                { value: "access", label: <span data-testid="audit-source-access">{t("audit.sourceAccess")}</span> },
              ]}
            />
          )}
        </Space>
      }
      extra={
        !access && (
          <Button data-testid="audit-export" icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()}>
            {t("audit.export")}
          </Button>
        )
      }
    >
      {access && <Alert type="info" showIcon title={t("audit.accessHint")} style={{ marginBottom: 16 }} />}
      <Space wrap style={{ marginBottom: 16 }}>
        <Input
          data-testid="audit-operator"
          allowClear
          placeholder={t("audit.operator")}
          style={{ width: 160 }}
          value={operator}
          onChange={(e) => setOperator(e.target.value)}
          onPressEnter={search}
        />
        <Select
          data-testid="audit-action"
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          placeholder={t("audit.action")}
          style={{ width: 220 }}
          value={action || undefined}
          onChange={(v?: string) => setAction(v ?? "")}
          options={
            access
              ? [{ label: t("audit.actions"), options: ACCESS_EVENTS.map((a) => ({ value: a, label: actionLabel(t, a) })) }]
              : [
                  { label: t("audit.actionGroups"), options: ACTION_GROUPS.map((g) => ({ value: `${g}.`, label: t(`actionGroup.${g}`) })) },
                  { label: t("audit.actions"), options: LEDGER_ACTIONS.map((a) => ({ value: a, label: actionLabel(t, a) })) },
                ]
          }
        />
        {!access && (
        <Select
          data-testid="audit-unit"
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          placeholder={t("audit.unit")}
          style={{ width: 220 }}
          value={unitId ?? undefined}
          onChange={(v?: number) => setUnitId(v ?? null)}
          options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        />
        )}
        <DatePicker.RangePicker key={rangeKey} onChange={(v) => setRange(v)} />
        <Button data-testid="audit-search" type="primary" icon={<SearchOutlined />} onClick={search}>
          {t("audit.search")}
        </Button>
        <Button onClick={reset}>{t("audit.reset")}</Button>
        <Typography.Text type="secondary">{t("audit.count", { count: formatCount(rows.length) })}</Typography.Text>
      </Space>
      {entries.error && <Alert type="error" showIcon title={entries.error} style={{ marginBottom: 16 }} />}
      {job && (
        <div style={{ marginBottom: 16 }}>
          <LocalJobProgress job={job} title={t("audit.exporting")} testId="audit-export-progress" onCancel={() => void cancel().catch((e: unknown) => message.error(errorMessage(e)))} />
        </div>
      )}
      <LedgerTable testId="audit-table" entries={rows} loading={entries.loading} pageSize={20} />
    </Card>
  );
}
