import { FileExcelOutlined, FileTextOutlined, ReloadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Row, Segmented, Space, Spin, Statistic, Table, Tag, type TableColumnsType } from "antd";
import { useMemo, useState } from "react";
import * as api from "../../api";
import type { MediumStat } from "../../bindings/MediumStat";
import type { StatBucket } from "../../bindings/StatBucket";
import type { UnitKind } from "../../bindings/UnitKind";
import EChart, { type ChartOption } from "./EChart";
import { errorMessage } from "../../errors";
import { formatBytes, formatCount, formatDateTime } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useI18n, type Translate } from "../../i18n";
import { recordKindLabel, UNIT_KINDS, unitKindLabel } from "../../labels";
import { saveFileDialog } from "../../dialogs";

// The core's keys for record kinds, as the UI's RecordKind names them.
const RECORD_KIND_KEYS = { "paper-scan": "paperScan", electronic: "electronic", "business-data": "businessData" } as const;

function bars(buckets: StatBucket[], label: (key: string) => string, t: Translate): ChartOption {
  return {
    tooltip: { trigger: "axis" },
    // The legend below the axis labels (which may be rotated), never over them.
    legend: { data: [t("stats.registrations"), t("stats.files")], bottom: 0 },
    grid: { left: 48, right: 48, top: 36, bottom: buckets.length > 6 ? 96 : 60 },
    xAxis: { type: "category", data: buckets.map((b) => label(b.key)), axisLabel: { interval: 0, rotate: buckets.length > 6 ? 30 : 0 } },
    yAxis: [
      { type: "value", name: t("stats.registrations"), minInterval: 1 },
      { type: "value", name: t("stats.files"), minInterval: 1 },
    ],
    series: [
      { name: t("stats.registrations"), type: "bar", data: buckets.map((b) => b.registrations) },
      { name: t("stats.files"), type: "bar", yAxisIndex: 1, data: buckets.map((b) => b.files) },
    ],
  };
}

function pie(buckets: StatBucket[], label: (key: string) => string): ChartOption {
  return {
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    series: [{ type: "pie", radius: ["35%", "65%"], data: buckets.map((b) => ({ name: label(b.key), value: b.registrations })) }],
  };
}

function months(buckets: StatBucket[], t: Translate): ChartOption {
  return {
    tooltip: { trigger: "axis" },
    grid: { left: 48, right: 24, top: 24, bottom: 32 },
    xAxis: { type: "category", data: buckets.map((b) => b.key) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ name: t("stats.registrations"), type: "line", smooth: true, areaStyle: {}, data: buckets.map((b) => b.registrations) }],
  };
}

/** 统计: totals, sealed registrations by domain, unit kind, year, month and media set, and
 *  the media with their check status. */
export default function StatisticsPage() {
  const { t } = useI18n();
  // An upper archive may sum its lower archives' figures in, as last reported (the annual
  // report over a city or a province).
  const [withLower, setWithLower] = useState(false);
  const stats = useLoad(() => api.statistics(withLower), [withLower]);
  const { message } = App.useApp();
  const s = stats.data;
  // The annual report (年报): the same figures as of now, as a workbook or a CSV file.
  const exportAs = async (extension: "xlsx" | "csv") => {
    try {
      const path = await saveFileDialog(t, t("dialog.saveStatistics"), `${t("stats.exportFileName")}.${extension}`, extension);
      if (!path) return;
      await api.exportStatistics(path, withLower);
      message.success(t("stats.exported", { path }));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const plain = (key: string) => key || t("stats.unset");
  const unitKind = (key: string) => ((UNIT_KINDS as string[]).includes(key) ? unitKindLabel(t, key as UnitKind) : plain(key));
  const recordKind = (key: string) => (key in RECORD_KIND_KEYS ? recordKindLabel(t, RECORD_KIND_KEYS[key as keyof typeof RECORD_KIND_KEYS]) : plain(key));

  const charts = useMemo(
    () =>
      s && {
        domain: bars(s.byDomain, plain, t),
        unitKind: pie(s.byUnitKind, unitKind),
        year: bars(s.byYear, plain, t),
        month: months(s.byMonth, t),
        mediaSet: bars(s.byMediaSet, (k) => t("stats.set", { set: k }), t),
        recordKind: pie(s.byRecordKind, recordKind),
      },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- plain, unitKind and recordKind are made from t each render
    [s, t],
  );

  if (!s || !charts) {
    return stats.error ? <Alert type="error" showIcon title={stats.error} /> : <Spin size="large" style={{ display: "block", marginTop: 80 }} />;
  }

  const mediaColumns: TableColumnsType<MediumStat> = [
    { title: t("stats.medium"), dataIndex: "label" },
    { title: t("stats.mediaSet"), dataIndex: "set", width: 100 },
    { title: t("stats.mediumKind"), dataIndex: "kind", width: 100 },
    { title: t("stats.registrations"), dataIndex: "registrations", width: 100, align: "right", render: (n: number) => formatCount(n) },
    { title: t("stats.used"), dataIndex: "bytesUsed", width: 120, align: "right", render: (n: number) => formatBytes(n) },
    { title: t("stats.free"), dataIndex: "freeBytes", width: 120, align: "right", render: (n: number | null) => (n === null ? "—" : formatBytes(n)) },
    { title: t("stats.lastVerified"), dataIndex: "lastVerifiedAt", width: 160, render: (v: string | null) => formatDateTime(v) },
    {
      title: t("stats.check"),
      key: "check",
      width: 160,
      render: (_, m) => (
        <Space size={4}>
          {m.lastResult === "problems" && <Tag color="red">{t("stats.problems")}</Tag>}
          {m.lastResult === "ok" && <Tag color="green">{t("stats.ok")}</Tag>}
          {m.checkDue && <Tag color="orange">{t("stats.due")}</Tag>}
        </Space>
      ),
    },
  ];

  const tile = (title: string, value: string, testId: string) => (
    <Col span={6}>
      <Card size="small">
        <Statistic title={title} value={value} valueRender={() => <span data-testid={testId}>{value}</span>} />
      </Card>
    </Col>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card
        title={t("stats.title")}
        extra={
          <Space>
            {s.lowerArchives > 0 && (
              <Segmented
                data-testid="stats-scope"
                value={withLower ? "lower" : "own"}
                onChange={(v) => setWithLower(v === "lower")}
                options={[
                  { value: "own", label: t("stats.scopeOwn") },
                  { value: "lower", label: t("stats.scopeLower", { n: s.lowerArchives }) },
                ]}
              />
            )}
            <span>{t("stats.at", { at: formatDateTime(s.at) })}</span>
            <Button data-testid="stats-export-xlsx" icon={<FileExcelOutlined />} onClick={() => void exportAs("xlsx")}>
              {t("stats.exportXlsx")}
            </Button>
            <Button data-testid="stats-export-csv" icon={<FileTextOutlined />} onClick={() => void exportAs("csv")}>
              {t("stats.exportCsv")}
            </Button>
            <Button icon={<ReloadOutlined />} loading={stats.loading} onClick={stats.reload}>
              {t("common.refresh")}
            </Button>
          </Space>
        }
      >
        <Row gutter={[16, 16]}>
          {tile(t("stats.units"), formatCount(s.totals.units), "stats-units")}
          {tile(t("stats.sealed"), formatCount(s.totals.registrations), "stats-registrations")}
          {tile(t("stats.drafts"), formatCount(s.totals.drafts), "stats-drafts")}
          {tile(t("stats.files"), formatCount(s.totals.files), "stats-files")}
          {tile(t("stats.bytes"), formatBytes(s.totals.bytes), "stats-bytes")}
          {tile(t("stats.vault"), formatBytes(s.totals.vaultBytes), "stats-vault")}
          {tile(t("stats.media"), formatCount(s.totals.media), "stats-media")}
        </Row>
      </Card>
      {s.bySource.length > 0 && (
        <Card size="small" title={t("stats.bySource")}>
          <Table
            data-testid="stats-source-table"
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={s.bySource}
            columns={[
              { title: t("stats.archive"), dataIndex: "key" },
              { title: t("stats.registrations"), dataIndex: "registrations", width: 140, align: "right", render: (n: number) => formatCount(n) },
              { title: t("stats.files"), dataIndex: "files", width: 140, align: "right", render: (n: number) => formatCount(n) },
              { title: t("stats.bytes"), dataIndex: "bytes", width: 160, align: "right", render: (n: number) => formatBytes(n) },
            ]}
          />
        </Card>
      )}
      <Row gutter={[16, 16]}>
        <Col span={12}>
          <Card size="small" title={t("stats.byDomain")}>
            <EChart option={charts.domain} testId="chart-domain" />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={t("stats.byUnitKind")}>
            <EChart option={charts.unitKind} testId="chart-unit-kind" />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={t("stats.byYear")}>
            <EChart option={charts.year} testId="chart-year" />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={t("stats.byMonth")}>
            <EChart option={charts.month} testId="chart-month" />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={t("stats.byMediaSet")}>
            <EChart option={charts.mediaSet} testId="chart-media-set" />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={t("stats.byRecordKind")}>
            <EChart option={charts.recordKind} testId="chart-record-kind" />
          </Card>
        </Col>
      </Row>
      <Card title={t("stats.mediaTable")}>
        <Table data-testid="stats-media-table" rowKey="label" size="small" columns={mediaColumns} dataSource={s.media} pagination={false} />
      </Card>
    </Space>
  );
}
