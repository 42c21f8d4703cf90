import { Alert, Card, Input, Select, Space, Table, Tag, type TableColumnsType } from "antd";
import { useMemo, useState } from "react";
import { listRegistrations } from "../api";
import type { RecordKind } from "../bindings/RecordKind";
import type { RegistrationStatus } from "../bindings/RegistrationStatus";
import type { RegistrationSummary } from "../bindings/RegistrationSummary";
import StatusTag from "../components/StatusTag";
import { formatBytes, formatCount, formatDateTime, timeValue } from "../format";
import { useLoad } from "../hooks/useLoad";
import { useI18n } from "../i18n";
import { recordKindLabel, registrationLabel, statusLabel } from "../labels";
import { navigate } from "../router";
import { listPagination } from "../tables";

/** 登记记录: all registrations, newest first; a row opens its detail page. */
export default function RegistrationsPage() {
  const { t } = useI18n();
  const regs = useLoad(listRegistrations);
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState<RegistrationStatus | null>(null);

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (regs.data ?? [])
      .filter(
        (r) =>
          (!status || r.status === status) &&
          (!q ||
            [r.registrationNumber ?? "", String(r.id), r.title, r.unitName, r.unitUscc ?? ""].some((f) =>
              f.toLowerCase().includes(q),
            )),
      )
      .sort((a, b) => timeValue(b.createdAt) - timeValue(a.createdAt));
  }, [regs.data, query, status]);

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
    {
      title: t("regs.files"),
      dataIndex: "files",
      width: 76,
      align: "right",
      sorter: (a, b) => a.files - b.files,
      render: (n: number) => formatCount(n),
    },
    {
      title: t("regs.size"),
      dataIndex: "bytes",
      width: 100,
      align: "right",
      sorter: (a, b) => a.bytes - b.bytes,
      render: (n: number) => formatBytes(n),
    },
    {
      title: t("regs.sealedAt"),
      dataIndex: "sealedAt",
      width: 140,
      sorter: (a, b) => timeValue(a.sealedAt) - timeValue(b.sealedAt),
      render: (v: string | null) => formatDateTime(v),
    },
  ];

  return (
    <Card title={t("regs.title")}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t("regs.searchPlaceholder")}
          style={{ width: 320 }}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <Select
          allowClear
          placeholder={t("regs.statusFilter")}
          style={{ width: 140 }}
          value={status ?? undefined}
          onChange={(v) => setStatus(v ?? null)}
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
        dataSource={rows}
        pagination={listPagination(t)}
        onRow={(r) => ({ onClick: () => navigate({ name: "registration", id: r.id }) })}
      />
    </Card>
  );
}
