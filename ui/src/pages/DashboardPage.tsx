import { InboxOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Row, Statistic, Table, type TableColumnsType } from "antd";
import { listRegistrations, listUnits } from "../api";
import type { RegistrationSummary } from "../bindings/RegistrationSummary";
import IntakeProgress from "../components/IntakeProgress";
import LedgerVerifyCard from "../components/LedgerVerifyCard";
import StatusTag from "../components/StatusTag";
import { formatBytes, formatCount, formatDateTime, timeValue } from "../format";
import { useLoad } from "../hooks/useLoad";
import { useI18n } from "../i18n";
import { registrationLabel } from "../labels";
import { navigate } from "../router";
import { intakeJob, isJobActive } from "../stores/jobs";

const RECENT = 8;

/** 工作台: counts, recent registrations, the running job and the ledger check. */
export default function DashboardPage() {
  const { t } = useI18n();
  const units = useLoad(listUnits);
  const regs = useLoad(listRegistrations);
  const job = intakeJob.use();
  const all = regs.data ?? [];
  const drafts = all.filter((r) => r.status === "draft").length;
  const sealed = all.filter((r) => r.status === "sealed").length;
  const recent = [...all].sort((a, b) => timeValue(b.createdAt) - timeValue(a.createdAt)).slice(0, RECENT);
  const error = units.error ?? regs.error;

  const columns: TableColumnsType<RegistrationSummary> = [
    { title: t("regs.number"), key: "number", width: 180, render: (_, r) => registrationLabel(t, r) },
    { title: t("regs.regTitle"), dataIndex: "title", ellipsis: true },
    { title: t("regs.unit"), dataIndex: "unitName", ellipsis: true },
    { title: t("regs.status"), dataIndex: "status", width: 100, render: (s) => <StatusTag status={s} /> },
    { title: t("regs.size"), dataIndex: "bytes", width: 120, align: "right", render: (b: number) => formatBytes(b) },
    { title: t("regs.createdAt"), dataIndex: "createdAt", width: 160, render: (v: string) => formatDateTime(v) },
  ];

  return (
    <Row gutter={[16, 16]}>
      {error && (
        <Col span={24}>
          <Alert type="error" showIcon title={error} />
        </Col>
      )}
      <Col xs={24} md={8}>
        <Card>
          <Statistic title={t("dash.units")} value={units.data ? formatCount(units.data.length) : "—"} loading={units.loading && !units.data} />
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card>
          <Statistic title={t("dash.drafts")} value={regs.data ? formatCount(drafts) : "—"} loading={regs.loading && !regs.data} />
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card>
          <Statistic title={t("dash.sealed")} value={regs.data ? formatCount(sealed) : "—"} loading={regs.loading && !regs.data} />
        </Card>
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
    </Row>
  );
}
