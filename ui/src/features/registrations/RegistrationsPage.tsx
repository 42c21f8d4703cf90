import { HistoryOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Input, Select, Space, Table, Tag, type TableColumnsType, type TableProps } from "antd";
import { useState } from "react";
import { registrationPage } from "../../api";
import type { RecordKind } from "../../bindings/RecordKind";
import type { RegistrationOrder } from "../../bindings/RegistrationOrder";
import type { RegistrationStatus } from "../../bindings/RegistrationStatus";
import type { RegistrationSummary } from "../../bindings/RegistrationSummary";
import StatusTag from "../../components/StatusTag";
import { formatBytes, formatCount, formatDateTime } from "../../format";
import { useDebounced } from "../../hooks/useDebounced";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import { recordKindLabel, registrationLabel, statusLabel } from "../../labels";
import { navigate } from "../../router";
import { listPagination } from "../../tables";

/** 登记记录: the registrations, newest first, a page at a time (the catalog filters, orders
 *  and counts them: a centre holds a hundred thousand); a row opens its detail page. */
export default function RegistrationsPage() {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState<RegistrationStatus | null>(null);
  const [order, setOrder] = useState<RegistrationOrder>("newest");
  const [page, setPage] = useState({ current: 1, size: 20 });
  const text = useDebounced(query.trim(), 250);
  const regs = useLoad(
    () =>
      registrationPage({
        text: text || null,
        status,
        order,
        offset: (page.current - 1) * page.size,
        limit: page.size,
      }),
    [text, status, order, page.current, page.size],
  );
  // A new filter starts again at its first page.
  const filterBy = (apply: () => void) => {
    apply();
    setPage((p) => ({ ...p, current: 1 }));
  };
  const onChange: TableProps<RegistrationSummary>["onChange"] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const next: RegistrationOrder =
      s?.columnKey === "sealedAt" && s.order ? (s.order === "ascend" ? "sealedEarliest" : "sealedLatest") : "newest";
    if (next !== order) {
      filterBy(() => setOrder(next));
      return;
    }
    setPage({ current: pagination.current ?? 1, size: pagination.pageSize ?? page.size });
  };

  // Laid out for a 1366-px screen: title and unit take what the fixed columns leave and
  // ellipsise (the full text on hover); 接收时间 is the default order, not a column.
  const columns: TableColumnsType<RegistrationSummary> = [
    {
      title: t("regs.number"),
      key: "number",
      width: 180,
      render: (_, r) => <span className={r.registrationNumber ? "mono" : undefined}>{registrationLabel(t, r)}</span>,
    },
    { title: t("regs.regTitle"), dataIndex: "title", ellipsis: true },
    { title: t("regs.unit"), dataIndex: "unitName", ellipsis: true, width: 190 },
    { title: t("regs.kind"), dataIndex: "kind", width: 110, ellipsis: true, render: (k: RecordKind) => recordKindLabel(t, k) },
    {
      title: t("regs.status"),
      dataIndex: "status",
      width: 96,
      render: (s: RegistrationStatus, r) => (
        <>
          <StatusTag status={s} />
          {s === "draft" && !r.intakeComplete && <Tag color="orange">{t("status.incomplete")}</Tag>}
        </>
      ),
    },
    { title: t("regs.files"), dataIndex: "files", width: 76, align: "right", render: (n: number) => formatCount(n) },
    { title: t("regs.size"), dataIndex: "bytes", width: 100, align: "right", render: (n: number) => formatBytes(n) },
    {
      title: t("regs.sealedAt"),
      key: "sealedAt",
      dataIndex: "sealedAt",
      width: 140,
      sorter: true,
      sortOrder: order === "sealedEarliest" ? "ascend" : order === "sealedLatest" ? "descend" : null,
      render: (v: string | null) => formatDateTime(v),
    },
  ];

  return (
    <Card
      title={t("regs.title")}
      extra={
        <Button data-testid="regs-series" icon={<HistoryOutlined />} onClick={() => navigate({ name: "series" })}>
          {t("series.title")}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          data-testid="registrations-search"
          placeholder={t("regs.searchPlaceholder")}
          style={{ width: 360 }}
          value={query}
          onChange={(e) => filterBy(() => setQuery(e.target.value))}
        />
        <Select
          allowClear
          placeholder={t("regs.statusFilter")}
          style={{ width: 140 }}
          value={status ?? undefined}
          onChange={(v) => filterBy(() => setStatus(v ?? null))}
          options={(["draft", "sealed"] as const).map((s) => ({ value: s, label: statusLabel(t, s) }))}
        />
      </Space>
      {regs.error && <Alert type="error" showIcon title={regs.error} style={{ marginBottom: 16 }} />}
      <Table
        data-testid="registrations-table"
        className="clickable-rows"
        rowKey="id"
        size="medium"
        loading={regs.loading}
        columns={columns}
        dataSource={regs.data?.rows ?? []}
        pagination={{ ...listPagination(t), current: page.current, pageSize: page.size, total: regs.data?.total ?? 0 }}
        onChange={onChange}
        onRow={(r) => ({ onClick: () => navigate({ name: "registration", id: r.id }) })}
      />
    </Card>
  );
}
