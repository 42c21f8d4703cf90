import { Alert, Card, Input, InputNumber, Select, Space, Table, Tag, type TableColumnsType } from "antd";
import { useMemo, useState } from "react";
import * as api from "../../api";
import type { RecordKind } from "../../bindings/RecordKind";
import type { RegistrationStatus } from "../../bindings/RegistrationStatus";
import type { SearchHit } from "../../bindings/SearchHit";
import type { SearchHitKind } from "../../bindings/SearchHitKind";
import StatusTag from "../../components/StatusTag";
import { formatCount } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import { recordKindOptions, statusLabel } from "../../labels";
import { navigate } from "../../router";
import { HIT_KINDS, hitRoute } from "../../searchHits";
import { listPagination } from "../../tables";
import Highlight from "./Highlight";
import SearchHitLines from "./SearchHitLines";
import LowerRegistrationDrawer from "./LowerRegistrationDrawer";

type Filters = {
  unitId: number | null;
  kind: RecordKind | null;
  domain: string | null;
  year: number | null;
  status: RegistrationStatus | null;
  mediaSet: string | null;
};

const NO_FILTERS: Filters = { unitId: null, kind: null, domain: null, year: null, status: null, mediaSet: null };

/** 检索: units, registrations and files by any part of their text, narrowed by filters. */
export default function SearchPage({ initialQuery }: { initialQuery: string }) {
  const { t } = useI18n();
  const [query, setQuery] = useState(initialQuery);
  const [submitted, setSubmitted] = useState(initialQuery);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  // A lower archive's registration opened from its copy (by number: the copy's ids are not ours).
  const [lowerNumber, setLowerNumber] = useState<string | null>(null);
  const units = useLoad(api.listUnits);
  const domains = useLoad(api.listDomains);
  const media = useLoad(api.listMedia);
  const results = useLoad(
    () => (submitted.trim() ? api.search(submitted, { ...filters, limit: 200 }) : Promise.resolve(null)),
    [submitted, filters],
  );
  const set = <K extends keyof Filters>(key: K, value: Filters[K] | undefined) => setFilters((f) => ({ ...f, [key]: value ?? null }));
  // One filter drop-down: cleared, it is no filter.
  const select = <K extends Exclude<keyof Filters, "year">>(
    key: K,
    testId: string,
    placeholder: string,
    width: number,
    options: { value: NonNullable<Filters[K]>; label: string }[],
  ) => (
    <Select
      data-testid={testId}
      allowClear
      showSearch={{ optionFilterProp: "label" }}
      placeholder={placeholder}
      style={{ width }}
      value={filters[key] ?? undefined}
      onChange={(v: NonNullable<Filters[K]> | undefined) => set(key, v)}
      options={options}
    />
  );
  const sets = useMemo(() => [...new Set((media.data ?? []).map((m) => m.set))].sort(), [media.data]);

  const columns: TableColumnsType<SearchHit> = [
    {
      title: t("search.col.kind"),
      dataIndex: "kind",
      width: 110,
      render: (k: SearchHitKind) => <Tag>{t(`search.group.${k}`)}</Tag>,
    },
    {
      title: t("search.col.title"),
      key: "title",
      render: (_, hit) => (
        <div className="search-hit">
          <SearchHitLines hit={hit} query={submitted} />
        </div>
      ),
    },
    { title: t("search.col.unit"), dataIndex: "unitName", width: 220, ellipsis: true, render: (u: string) => <Highlight text={u} query={submitted} /> },
    {
      title: t("regs.status"),
      dataIndex: "status",
      width: 120,
      render: (s: RegistrationStatus | null) => (s ? <StatusTag status={s} /> : null),
    },
  ];

  const hits = results.data?.hits ?? [];
  const counts = HIT_KINDS.map((k) => `${t(`search.group.${k}`)} ${formatCount(hits.filter((h) => h.kind === k).length)}`).join(" · ");

  return (
    <Card title={t("search.title")}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          data-testid="search-query"
          allowClear
          placeholder={t("search.placeholder")}
          style={{ width: 320 }}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onSearch={(v) => setSubmitted(v)}
          enterButton={t("common.search")}
        />
        {select("unitId", "search-unit", t("search.filter.unit"), 220, (units.data ?? []).map((u) => ({ value: u.id, label: u.name })))}
        {select("kind", "search-kind", t("search.filter.kind"), 180, recordKindOptions(t))}
        {select("domain", "search-domain", t("search.filter.domain"), 140, (domains.data ?? []).map((d) => ({ value: d, label: d })))}
        <InputNumber
          data-testid="search-year"
          placeholder={t("search.filter.year")}
          min={1949}
          max={2999}
          style={{ width: 110 }}
          value={filters.year}
          onChange={(v) => set("year", typeof v === "number" ? v : null)}
        />
        {select("status", "search-status", t("search.filter.status"), 120, (["draft", "sealed"] as const).map((s) => ({ value: s, label: statusLabel(t, s) })))}
        {select("mediaSet", "search-media-set", t("search.filter.mediaSet"), 130, sets.map((s) => ({ value: s, label: s })))}
      </Space>
      {results.error && <Alert type="error" showIcon title={results.error} style={{ marginBottom: 16 }} />}
      {results.data && (
        <div data-testid="search-counts" style={{ marginBottom: 8 }}>
          {counts}
          {results.data.truncated && <Tag style={{ marginLeft: 8 }}>{t("search.truncated")}</Tag>}
        </div>
      )}
      <Table
        data-testid="search-results"
        className="clickable-rows"
        rowKey={(h) => `${h.kind}-${h.unitId}-${h.registrationId ?? ""}-${h.path ?? ""}`}
        size="medium"
        loading={results.loading}
        columns={columns}
        dataSource={hits}
        locale={{ emptyText: submitted.trim() ? t("search.none") : t("search.prompt") }}
        pagination={listPagination(t)}
        onRow={(h) => ({ onClick: () => navigate(hitRoute(h)) })}
      />
      {(results.data?.lower ?? []).map((l) => (
        <Card
          key={l.regionCode}
          size="small"
          title={<span data-testid={`search-lower-title-${l.regionCode}`}>{t("search.lowerTitle", { archive: l.archive, region: l.regionCode })}</span>}
          style={{ marginTop: 16 }}
        >
          <Alert type="info" showIcon title={t("search.lowerHint")} style={{ marginBottom: 8 }} />
          <Table
            data-testid={`search-lower-${l.regionCode}`}
            className="clickable-rows"
            rowKey={(h) => `${h.kind}-${h.unitId}-${h.registrationId ?? ""}-${h.path ?? ""}`}
            size="small"
            columns={columns}
            dataSource={l.hits}
            pagination={listPagination(t)}
            onRow={(h) => ({
              onClick: () => h.status === "sealed" && h.registrationLabel && setLowerNumber(h.registrationLabel),
            })}
          />
          {l.truncated && <Tag style={{ marginTop: 8 }}>{t("search.truncated")}</Tag>}
        </Card>
      ))}
      <LowerRegistrationDrawer number={lowerNumber} onClose={() => setLowerNumber(null)} />
    </Card>
  );
}
