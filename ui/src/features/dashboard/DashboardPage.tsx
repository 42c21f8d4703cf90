import { DatabaseOutlined, InboxOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Drawer, Row, Space, Statistic, Table, Typography, type TableColumnsType } from "antd";
import { useEffect, useState } from "react";
import { backupStatus, dashboardOverview } from "../../api";
import type { RegistrationSummary } from "../../bindings/RegistrationSummary";
import ChecksDueTable from "./ChecksDueTable";
import FirstStepsCard from "./FirstStepsCard";
import IntakeProgress from "../intake/IntakeProgress";
import LedgerVerifyCard from "./LedgerVerifyCard";
import StatusTag from "../../components/StatusTag";
import TodoCard from "./TodoCard";
import UnderCopiedTable from "./UnderCopiedTable";
import { formatCount, formatDateTime } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useReadyReport } from "../../hooks/useReadyReport";
import { useI18n } from "../../i18n";
import { registrationLabel } from "../../labels";
import { navigate } from "../../router";
import { intakeJob, isJobActive } from "../../stores/jobs";
import { pendingApplications } from "../../stores/pending";
import { hasRole, sessionStore } from "../../stores/session";

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

/** The under-copied registrations, read when the tile's list is opened. */
function UnderCopiedList() {
  const { t } = useI18n();
  const full = useLoad(() => backupStatus());
  if (full.error) return <Alert type="error" showIcon title={full.error} />;
  const notCounted = full.data?.notCounted ?? [];
  return (
    <>
      {notCounted.length > 0 && (
        <Alert
          data-testid="not-counted"
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t("dash.notCountedTitle")}
          description={notCounted
            .map((m) =>
              m.retired
                ? t("dash.notCountedRetired", { label: m.label, set: m.set, reason: t(`retire.${m.retired}`) })
                : t("dash.notCountedFailed", { label: m.label, set: m.set, at: formatDateTime(m.failedAt ?? "") }),
            )
            .join("；")}
        />
      )}
      <UnderCopiedTable rows={full.data?.underCopied ?? []} loading={full.loading} />
    </>
  );
}

/** 工作台: counts, backup status tiles, recent registrations, the running job and the ledger check. */
export default function DashboardPage() {
  const { t } = useI18n();
  const overview = useLoad(dashboardOverview);
  const status = useLoad(() => backupStatus(0));
  const [list, setList] = useState<"underCopied" | "checksDue" | null>(null);
  const job = intakeJob.use();
  const session = sessionStore.use();
  const admin = hasRole(session, "admin");
  const clerk = hasRole(session, "clerk");
  const o = overview.data;
  const error = overview.error ?? status.error;
  const st = status.data;
  const required = st?.copySetsRequired ?? 0;
  useReadyReport("dashboard", !overview.loading && !status.loading);
  useEffect(() => {
    if (o) pendingApplications.set(o.pendingApplications);
  }, [o]);

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
      {admin && o && (
        <Col span={24}>
          <FirstStepsCard setup={o.setup} onChanged={overview.reload} />
        </Col>
      )}
      <Col flex={tile}>
        <Tile testId="tile-units" title={t("dash.units")} value={o ? o.units : null} loading={overview.loading && !o} />
      </Col>
      <Col flex={tile}>
        <Tile testId="tile-drafts" title={t("dash.drafts")} value={o ? o.drafts : null} loading={overview.loading && !o} />
      </Col>
      <Col flex={tile}>
        <Tile testId="tile-sealed" title={t("dash.sealed")} value={o ? o.sealed : null} loading={overview.loading && !o} />
      </Col>
      <Col flex={tile}>
        <Tile
          testId="tile-under-copied"
          title={t("dash.underCopied")}
          value={st ? st.underCopiedTotal : null}
          loading={status.loading && !st}
          hint={
            st
              ? st.notCounted.length > 0
                ? t("dash.underCopiedHintNotCounted", { n: required, m: st.notCounted.length })
                : t("dash.underCopiedHint", { n: required })
              : undefined
          }
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
            clerk && (
              <Button type="primary" icon={<InboxOutlined />} onClick={() => navigate({ name: "intake" })}>
                {t("dash.newIntake")}
              </Button>
            )
          }
        >
          <Table
            data-testid="dash-recent"
            className="clickable-rows"
            rowKey="id"
            size="small"
            pagination={false}
            loading={overview.loading && !o}
            columns={columns}
            dataSource={o?.recent ?? []}
            locale={{ emptyText: t("dash.noRecent") }}
            onRow={(r) => ({ onClick: () => navigate({ name: "registration", id: r.id }) })}
          />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <TodoCard
            pendingApplications={o ? o.pendingApplications : null}
            restoresWaiting={o ? o.restoresWaiting : null}
            drafts={o ? o.drafts : null}
            checksDue={st ? st.checksDue.length : null}
            missingHandovers={o ? o.missingHandovers : null}
          />
          <LedgerVerifyCard />
        </Space>
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
        {list === "underCopied" && <UnderCopiedList />}
        {list === "checksDue" && <ChecksDueTable rows={st?.checksDue ?? []} />}
      </Drawer>
    </Row>
  );
}
