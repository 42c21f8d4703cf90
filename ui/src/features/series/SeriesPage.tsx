import { EditOutlined, InboxOutlined, PlusOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Empty, Space, Spin, Table, Tag, Timeline, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { listSeries, missingHandovers, seriesDetail } from "../../api";
import type { FileChange } from "../../bindings/FileChange";
import type { Series } from "../../bindings/Series";
import type { VersionDiff } from "../../bindings/VersionDiff";
import SeriesAddModal from "./SeriesAddModal";
import { formatBytes, formatCount, formatDateTime } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useI18n, type Translate } from "../../i18n";
import { navigate } from "../../router";
import { hasRole, sessionStore } from "../../stores/session";
import { listPagination } from "../../tables";

type Change = FileChange & { change: "added" | "removed" | "changed" };

const CHANGE_COLOR = { added: "green", removed: "red", changed: "orange" } as const;

/** What one version changed against the one before: a line of counts and the files. */
function DiffView({ diff, t }: { diff: VersionDiff; t: Translate }) {
  const rows: Change[] = [
    ...diff.added.map((c) => ({ ...c, change: "added" as const })),
    ...diff.removed.map((c) => ({ ...c, change: "removed" as const })),
    ...diff.changed.map((c) => ({ ...c, change: "changed" as const })),
  ];
  const size = (n: number | null) => (n === null ? "—" : formatBytes(n));
  const columns: TableColumnsType<Change> = [
    { title: t("series.change"), dataIndex: "change", width: 90, render: (c: Change["change"]) => <Tag color={CHANGE_COLOR[c]}>{t(`series.change.${c}`)}</Tag> },
    { title: t("series.path"), dataIndex: "path", ellipsis: true, render: (p: string) => <span className="mono">{p}</span> },
    { title: t("series.sizes"), key: "sizes", width: 200, render: (_, c) => `${size(c.sizeBefore)} → ${size(c.sizeAfter)}` },
    {
      title: t("series.newBytes"),
      dataIndex: "changedBytes",
      width: 130,
      align: "right",
      render: (n: number | null) => (n === null ? t("series.disposed") : formatBytes(n)),
    },
  ];
  return (
    <div data-testid={`series-diff-${diff.to}`}>
      <Typography.Text>
        {t("series.diffLine", {
          from: diff.from,
          added: diff.added.length,
          removed: diff.removed.length,
          changed: diff.changed.length,
          unchanged: diff.unchanged,
          bytes: formatBytes(diff.newBytes),
        })}
      </Typography.Text>
      {rows.length > 0 && (
        <Table<Change>
          style={{ marginTop: 8 }}
          size="small"
          rowKey={(c) => `${c.change}-${c.path}`}
          columns={columns}
          dataSource={rows}
          pagination={{ pageSize: 8, hideOnSinglePage: true }}
        />
      )}
    </div>
  );
}

/** One series: its versions as a timeline, newest first, each with what it changed. */
function SeriesTimeline({ id, t }: { id: number; t: Translate }) {
  const detail = useLoad(() => seriesDetail(id), [id]);
  const d = detail.data;
  if (detail.error) return <Alert type="error" showIcon title={detail.error} />;
  if (!d) return <Spin />;
  if (d.versions.length === 0) return <Empty description={t("series.noVersions")} />;
  const items = [...d.versions].reverse().map((v) => {
    const diff = d.diffs.find((x) => x.to === v.version);
    return {
      key: v.version,
      children: (
        <Space orientation="vertical" size={4} style={{ width: "100%" }} data-testid={`series-version-${v.version}`}>
          <Space wrap>
            <Typography.Text strong>{t("series.version", { n: v.version })}</Typography.Text>
            <Tag color="blue">{v.period}</Tag>
            <Typography.Link className="mono" onClick={() => navigate({ name: "registration", id: v.registrationId })}>
              {v.registrationNumber}
            </Typography.Link>
            <Typography.Text type="secondary">
              {formatDateTime(v.sealedAt)} · {t("series.files", { n: formatCount(v.files) })} · {formatBytes(v.bytes)}
            </Typography.Text>
          </Space>
          {diff ? <DiffView diff={diff} t={t} /> : <Typography.Text type="secondary">{t("series.first")}</Typography.Text>}
        </Space>
      ),
    };
  });
  return <Timeline data-testid="series-timeline" items={items} />;
}

/** 业务数据系列: each unit's datasets handed over every month, quarter or year; one
 *  series' versions and what each changed; the hand-overs missing. */
export default function SeriesPage({ selected }: { selected: number | null }) {
  const { t } = useI18n();
  const session = sessionStore.use();
  const clerk = hasRole(session, "clerk");
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState(false);
  const [reload, setReload] = useState(0);
  const all = useLoad(listSeries, [reload]);
  const missing = useLoad(missingHandovers, [reload]);
  const current = (all.data ?? []).find((s) => s.id === selected) ?? null;

  const columns: TableColumnsType<Series> = [
    { title: "#", dataIndex: "id", width: 56, align: "right" },
    { title: t("series.unit"), dataIndex: "unitName", width: 220, ellipsis: true },
    { title: t("series.name"), dataIndex: "name" },
    { title: t("series.system"), dataIndex: "system", width: 200, ellipsis: true, render: (s: string | null) => s ?? "—" },
    { title: t("series.cadence"), dataIndex: "cadence", width: 100, render: (c: Series["cadence"]) => t(`series.cadence.${c}`) },
    { title: t("series.versions"), dataIndex: "versions", width: 90, align: "right" },
    { title: t("series.lastPeriod"), dataIndex: "lastPeriod", width: 110, render: (p: string | null) => p ?? "—" },
    {
      key: "act",
      width: 150,
      render: (_, s) =>
        clerk && (
          <Button
            size="small"
            icon={<InboxOutlined />}
            data-testid={`series-intake-${s.id}`}
            onClick={(e) => {
              e.stopPropagation();
              navigate({ name: "intake", seriesId: s.id });
            }}
          >
            {t("series.intake")}
          </Button>
        ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card
        title={t("series.title")}
        extra={
          <Space>
            {clerk && (
              <Button data-testid="series-add" type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                {t("series.add")}
              </Button>
            )}
            <Button icon={<UnorderedListOutlined />} onClick={() => navigate({ name: "registrations" })}>
              {t("series.toRegistrations")}
            </Button>
          </Space>
        }
      >
        {(missing.data ?? []).length > 0 && (
          <Alert
            data-testid="series-missing"
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t("series.missingTitle", { n: missing.data?.length ?? 0 })}
            description={(missing.data ?? [])
              .map((m) => `${m.unit} · ${m.name} · ${m.period}（${m.overdue ? t("series.overdue") : t("series.due")}）`)
              .join("；")}
          />
        )}
        {all.error && <Alert type="error" showIcon title={all.error} style={{ marginBottom: 16 }} />}
        <Table<Series>
          data-testid="series-table"
          className="clickable-rows"
          rowKey="id"
          size="small"
          loading={all.loading}
          columns={columns}
          dataSource={all.data ?? []}
          rowClassName={(s) => (s.id === selected ? "ant-table-row-selected" : "")}
          onRow={(s) => ({ onClick: () => navigate({ name: "series", id: s.id }) })}
          locale={{ emptyText: t("series.none") }}
          pagination={listPagination(t)}
        />
      </Card>
      {current && (
        <Card
          data-testid="series-detail"
          title={t("series.detailTitle", { name: current.name, unit: current.unitName })}
          extra={
            clerk && (
              <Button data-testid="series-edit" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t("series.edit")}
              </Button>
            )
          }
        >
          <SeriesTimeline id={current.id} t={t} />
        </Card>
      )}
      <SeriesAddModal
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={(s) => {
          setAdding(false);
          setReload((n) => n + 1);
          navigate({ name: "series", id: s.id });
        }}
      />
      {current && (
        <SeriesAddModal
          open={editing}
          editing={current}
          onClose={() => setEditing(false)}
          onAdded={() => {
            setEditing(false);
            setReload((n) => n + 1);
          }}
        />
      )}
    </Space>
  );
}
