import { DatabaseOutlined, InboxOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Drawer, Row, Statistic, Table, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { backupStatus, listRegistrations, listUnits } from "../api";
import type { RegistrationSummary } from "../bindings/RegistrationSummary";
import ChecksDueTable from "../components/ChecksDueTable";
import IntakeProgress from "../components/IntakeProgress";
import LedgerVerifyCard from "../components/LedgerVerifyCard";
import StatusTag from "../components/StatusTag";
import UnderCopiedTable from "../components/UnderCopiedTable";
import { formatCount, formatDateTime, timeValue } from "../format";
import { useLoad } from "../hooks/useLoad";
import { useReadyReport } from "../hooks/useReadyReport";
import { useI18n } from "../i18n";
import { registrationLabel } from "../labels";
import { navigate } from "../router";
import { intakeJob, isJobActive } from "../stores/jobs";

const RECENT = 8;

type TileProps = { title: string; value: number | null; loading: boolean; hint?: string; alert?: boolean; testId?: string; onClick?: () => void };

/** One count on the dashboard; clickable ones open their list. */
function Tile({ title, value, loading, hint, alert, testId, onClick }: TileProps) {
  return (
    <Card data-testid={testId} hoverable={onClick !== undefined} onClick={onClick} style={{ height: "100%" }}>
      <Statistic
        title={title}
        value={value === null ? "—" : formatCount(value)}
        loading={loading}
        styles={alert && value ? { content: { color: "#cf1322" } } : undefined}
      />
      {hint && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {hint}
        </Typography.Text>
      )}
    </Card>
  );
}

/** 工作台: counts, backup status tiles, recent registrations, the running job and the ledger check. */
export default function DashboardPage() {
  const { t } = useI18n();
  const units = useLoad(listUnits);
  const regs = useLoad(listRegistrations);
  const status = useLoad(backupStatus);
  const [list, setList] = useState<"underCopied" | "checksDue" | null>(null);
  const job = intakeJob.use();
  const all = regs.data ?? [];
  const drafts = all.filter((r) => r.status === "draft").length;
  const sealed = all.filter((r) => r.status === "sealed").length;
  const recent = [...all].sort((a, b) => timeValue(b.createdAt) - timeValue(a.createdAt)).slice(0, RECENT);
  const error = units.error ?? regs.error ?? status.error;
  const st = status.data;
  const required = st?.copySetsRequired ?? 0;
  useReadyReport("dashboard", !units.loading && !regs.loading && !status.loading);

  // Beside the ledger card at 1280 px: title and unit keep the room (the size is on the list page).
  const columns: TableColumnsType<RegistrationSummary> = [
    { title: t("regs.number"), key: "number", width: 170, render: (_, r) => registrationLabel(t, r) },
    { title: t("regs.regTitle"), dataIndex: "title", ellipsis: true },
    { title: t("regs.unit"), dataIndex: "unitName", ellipsis: true },
    { title: t("regs.status"), dataIndex: "status", width: 84, render: (s) => <StatusTag status={s} /> },
    { title: t("regs.createdAt"), dataIndex: "createdAt", width: 140, render: (v: string) => formatDateTime(v) },
  ];

  const tile = "1 1 160px";
  return (
    <Row gutter={[16, 16]}>
      {error && (
        <Col span={24}>
          <Alert type="error" showIcon title={error} />
        </Col>
      )}
      <Col flex={tile}>
        <Tile title={t("dash.units")} value={units.data ? units.data.length : null} loading={units.loading && !units.data} />
      </Col>
      <Col flex={tile}>
        <Tile title={t("dash.drafts")} value={regs.data ? drafts : null} loading={regs.loading && !regs.data} />
      </Col>
      <Col flex={tile}>
        <Tile title={t("dash.sealed")} value={regs.data ? sealed : null} loading={regs.loading && !regs.data} />
      </Col>
      <Col flex={tile}>
        <Tile
          testId="tile-under-copied"
          title={t("dash.underCopied")}
          value={st ? st.underCopied.length : null}
          loading={status.loading && !st}
          hint={st ? t("dash.underCopiedHint", { n: required }) : undefined}
          alert
          onClick={() => setList("underCopied")}
        />
      </Col>
      <Col flex={tile}>
        <Tile
          testId="tile-checks-due"
          title={t("dash.checksDue")}
          value={st ? st.checksDue.length : null}
          loading={status.loading && !st}
          hint={t("dash.checksDueHint")}
          alert
          onClick={() => setList("checksDue")}
        />
      </Col>
      {job && isJobActive(job) && (
        <Col span={24}>
          <IntakeProgress job={job} />
        </Col>
      )}
      <Col xs={24} xl={16}>
        <Card
          title={t("dash.recent")}
          extra={
            <Button type="primary" icon={<InboxOutlined />} onClick={() => navigate({ name: "intake" })}>
              {t("dash.newIntake")}
            </Button>
          }
        >
          <Table
            className="clickable-rows"
            rowKey="id"
            size="small"
            pagination={false}
            loading={regs.loading && !regs.data}
            columns={columns}
            dataSource={recent}
            locale={{ emptyText: t("dash.noRecent") }}
            onRow={(r) => ({ onClick: () => navigate({ name: "registration", id: r.id }) })}
          />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <LedgerVerifyCard />
      </Col>
      <Drawer
        open={list !== null}
        onClose={() => setList(null)}
        size={680}
        title={list === "checksDue" ? t("dash.checksDueTitle") : t("dash.underCopiedTitle", { n: required })}
        extra={
          list === "checksDue" && (
            <Button icon={<DatabaseOutlined />} onClick={() => navigate({ name: "media" })}>
              {t("dash.toMedia")}
            </Button>
          )
        }
      >
        {list === "underCopied" && <UnderCopiedTable rows={st?.underCopied ?? []} registrations={all} />}
        {list === "checksDue" && <ChecksDueTable rows={st?.checksDue ?? []} />}
      </Drawer>
    </Row>
  );
}
