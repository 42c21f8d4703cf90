import { EditOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Input, Select, Space, Table, type TableColumnsType } from "antd";
import { useMemo, useState } from "react";
import { listDomains, listUnits } from "../../api";
import type { Unit } from "../../bindings/Unit";
import type { UnitKind } from "../../bindings/UnitKind";
import UnitFormModal from "./UnitFormModal";
import { formatCount, formatDateTime, timeValue } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import { unitKindLabel, unitKindOptions } from "../../labels";
import { hasRole, sessionStore } from "../../stores/session";
import { listPagination } from "../../tables";

/** 登记单位: searchable, filterable table of depositor units and the add dialog. */
export default function UnitsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const clerk = hasRole(sessionStore.use(), "clerk");
  const units = useLoad(listUnits);
  const domains = useLoad(listDomains);
  const [query, setQuery] = useState("");
  const [kind, setKind] = useState<UnitKind | null>(null);
  const [domain, setDomain] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Unit | null>(null);

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (units.data ?? []).filter(
      (u) =>
        (!kind || u.kind === kind) &&
        (!domain || u.domain === domain) &&
        (!q || [u.name, u.uscc ?? "", u.domain ?? ""].some((f) => f.toLowerCase().includes(q))),
    );
  }, [units.data, query, kind, domain]);

  const columns: TableColumnsType<Unit> = [
    { title: t("units.name"), dataIndex: "name", sorter: (a, b) => a.name.localeCompare(b.name, "zh-CN") },
    { title: t("units.kind"), dataIndex: "kind", width: 140, render: (k: UnitKind) => unitKindLabel(t, k) },
    {
      title: t("units.uscc"),
      dataIndex: "uscc",
      width: 200,
      render: (v: string | null) => <span className="mono">{v ?? t("common.none")}</span>,
    },
    { title: t("units.domain"), dataIndex: "domain", width: 120, render: (v: string | null) => v ?? t("common.none") },
    {
      title: t("units.registrations"),
      dataIndex: "registrations",
      width: 100,
      align: "right",
      sorter: (a, b) => a.registrations - b.registrations,
      render: (n: number) => formatCount(n),
    },
    {
      title: t("units.createdAt"),
      dataIndex: "createdAt",
      width: 160,
      sorter: (a, b) => timeValue(a.createdAt) - timeValue(b.createdAt),
      render: (v: string) => formatDateTime(v),
    },
    ...(clerk
      ? [
          {
            title: t("units.actions"),
            key: "actions",
            width: 90,
            render: (_: unknown, u: Unit) => (
              <Button data-testid={`unit-edit-${u.id}`} size="small" icon={<EditOutlined />} onClick={() => setEditing(u)}>
                {t("units.edit")}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t("units.title")}
      extra={
        clerk && (
          <Button data-testid="unit-add-open" type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t("units.add")}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t("units.searchPlaceholder")}
          style={{ width: 300 }}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <Select
          allowClear
          placeholder={t("units.kindFilter")}
          style={{ width: 160 }}
          value={kind ?? undefined}
          onChange={(v) => setKind(v ?? null)}
          options={unitKindOptions(t)}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          placeholder={t("units.domainFilter")}
          style={{ width: 160 }}
          value={domain ?? undefined}
          onChange={(v) => setDomain(v ?? null)}
          options={(domains.data ?? []).map((d) => ({ value: d, label: d }))}
        />
      </Space>
      {(units.error || domains.error) && <Alert type="error" showIcon title={units.error ?? domains.error} style={{ marginBottom: 16 }} />}
      <Table
        data-testid="units-table"
        rowKey="id"
        size="medium"
        loading={units.loading}
        columns={columns}
        dataSource={rows}
        pagination={listPagination(t)}
      />
      <UnitFormModal
        open={adding || editing !== null}
        unit={editing ?? undefined}
        domains={domains.data ?? []}
        onClose={() => {
          setAdding(false);
          setEditing(null);
        }}
        onSaved={(u, warnings) => {
          message.success(t(editing ? "units.edited" : "units.added", { name: u.name }));
          for (const w of warnings) message.warning(w, 8);
          setAdding(false);
          setEditing(null);
          units.reload();
        }}
      />
    </Card>
  );
}
