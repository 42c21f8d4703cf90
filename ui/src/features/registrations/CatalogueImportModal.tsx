import { FileSearchOutlined, FolderOpenOutlined } from "@ant-design/icons";
import { Alert, App, Button, Descriptions, Input, Modal, Select, Space, Steps, Table, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import * as api from "../../api";
import type { CatalogueColumn } from "../../bindings/CatalogueColumn";
import type { CatalogueField } from "../../bindings/CatalogueField";
import type { CatalogueImport } from "../../bindings/CatalogueImport";
import { errorMessage, hasCode } from "../../errors";
import { useLocalJob } from "../../hooks/useLocalJob";
import LocalJobProgress from "../../components/LocalJobProgress";
import { formatCount } from "../../format";
import { useI18n } from "../../i18n";
import { openFileDialog } from "../../dialogs";

const FIELDS: CatalogueField[] = ["file", "refCode", "title", "creator", "date", "retention", "classification", "pages", "piece", "note"];

/** 目录导入: a unit's CSV/XLSX catalogue read against the draft, the report (and the column
 *  mapping, adjustable), and only on 确认导入 written. */
export default function CatalogueImportModal({
  draftId,
  open: shown,
  onClose,
  onImported,
}: {
  draftId: number;
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [path, setPath] = useState("");
  const [report, setReport] = useState<CatalogueImport | null>(null);
  // Only the columns the clerk changed; the rest follow the unit's saved mapping and the headers.
  const [mapping, setMapping] = useState<CatalogueColumn[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A catalogue of many thousand rows takes a while: read and applied as a job.
  const { job, start, cancel } = useLocalJob();

  const run = async (nextMapping: CatalogueColumn[], apply: boolean) => {
    const p = path.trim();
    if (!p) return;
    setBusy(true);
    setError(null);
    try {
      const r = await start((jobId, channel) => api.startImportCatalogue(jobId, draftId, p, nextMapping, apply, channel));
      if (apply) {
        message.success(t("catalogue.applied", { count: formatCount(r.itemsUpdated) }));
        reset();
        onImported();
      } else {
        setReport(r);
      }
    } catch (e) {
      if (hasCode(e, "import_cancelled")) message.info(errorMessage(e));
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const reset = () => {
    setReport(null);
    setMapping([]);
    setError(null);
  };
  const pick = async () => {
    const chosen = await openFileDialog(t, t("dialog.openCatalogue"), "catalogue");
    if (chosen !== null) {
      setPath(chosen);
      reset();
    }
  };
  const close = () => {
    reset();
    onClose();
  };
  const remap = (header: string, field: CatalogueField) => {
    const next = [...mapping.filter((m) => m.header !== header), { header, field }];
    setMapping(next);
    void run(next, false);
  };

  const fieldOptions = FIELDS.map((f) => ({ value: f, label: t(`catalogue.field.${f}`) }));
  const problems = report ? report.unmatchedRows.length + report.invalid.length + report.filesWithoutRow.length : 0;

  return (
    <Modal
      title={t("catalogue.title")}
      open={shown}
      width={960}
      onCancel={close}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={close}>{t("common.cancel")}</Button>
          <Button data-testid="catalogue-apply" type="primary" disabled={!report || report.matched === 0} loading={busy && report !== null} onClick={() => void run(mapping, true)}>
            {t("catalogue.apply")}
          </Button>
        </Space>
      }
    >
      <Steps size="small" current={report ? 1 : 0} items={[{ title: t("catalogue.step.file") }, { title: t("catalogue.step.report") }, { title: t("catalogue.step.apply") }]} style={{ marginBottom: 16 }} />
      <Typography.Paragraph type="secondary">{t("catalogue.intro")}</Typography.Paragraph>
      <Space.Compact style={{ width: "100%" }}>
        <Input
          data-testid="catalogue-path"
          className="mono"
          placeholder={t("catalogue.pathPlaceholder")}
          value={path}
          onChange={(e) => {
            setPath(e.target.value);
            reset();
          }}
          onPressEnter={() => void run(mapping, false)}
        />
        <Button icon={<FolderOpenOutlined />} onClick={() => void pick()}>
          {t("catalogue.choose")}
        </Button>
        <Button data-testid="catalogue-read" icon={<FileSearchOutlined />} disabled={!path.trim()} loading={busy && report === null} onClick={() => void run(mapping, false)}>
          {t("catalogue.read")}
        </Button>
      </Space.Compact>
      {job && (
        <div style={{ marginTop: 16 }}>
          <LocalJobProgress job={job} title={t("catalogue.running")} testId="catalogue-progress" onCancel={() => void cancel().catch((e: unknown) => setError(errorMessage(e)))} />
        </div>
      )}
      {error && <Alert data-testid="catalogue-error" type="error" showIcon title={error} style={{ marginTop: 16 }} />}
      {report && (
        <div data-testid="catalogue-report" style={{ marginTop: 16 }}>
          <Alert
            type={problems === 0 ? "success" : "warning"}
            showIcon
            title={t("catalogue.summary", {
              rows: formatCount(report.rows),
              matched: formatCount(report.matched),
              problems: formatCount(problems),
            })}
            description={t("catalogue.notYet")}
          />
          <Descriptions size="small" column={3} style={{ marginTop: 12 }}>
            <Descriptions.Item label={t("catalogue.file")}>{report.file}</Descriptions.Item>
            <Descriptions.Item label={t("catalogue.format")}>
              {report.format.toUpperCase()}
              {report.encoding ? ` · ${report.encoding}` : ""}
            </Descriptions.Item>
            <Descriptions.Item label={t("catalogue.headerRow")}>{report.headerRow}</Descriptions.Item>
          </Descriptions>
          <Tabs
            items={[
              {
                key: "columns",
                label: <span data-testid="catalogue-tab-columns">{t("catalogue.columns")}</span>,
                children: (
                  <Table
                    data-testid="catalogue-columns"
                    rowKey="header"
                    size="small"
                    pagination={false}
                    dataSource={report.columns}
                    columns={[
                      { title: t("catalogue.header"), dataIndex: "header" },
                      {
                        title: t("catalogue.fieldTitle"),
                        dataIndex: "field",
                        width: 240,
                        render: (f: CatalogueField | null, c) => (
                          <Select<CatalogueField>
                            data-testid={`catalogue-map-${c.header}`}
                            style={{ width: 200 }}
                            placeholder={t("catalogue.notImported")}
                            value={f ?? undefined}
                            options={fieldOptions}
                            disabled={busy}
                            onChange={(v) => remap(c.header, v)}
                          />
                        ),
                      },
                    ]}
                  />
                ),
              },
              {
                key: "unmatched",
                label: (
                  <span data-testid="catalogue-tab-unmatched">
                    {t("catalogue.unmatched")} <Tag>{report.unmatchedRows.length}</Tag>
                  </span>
                ),
                children: (
                  <Table
                    data-testid="catalogue-unmatched"
                    rowKey="row"
                    size="small"
                    pagination={{ pageSize: 10, hideOnSinglePage: true }}
                    dataSource={report.unmatchedRows}
                    columns={[
                      { title: t("catalogue.row"), dataIndex: "row", width: 70 },
                      { title: t("catalogue.key"), dataIndex: "key", render: (k: string) => <span className="mono">{k}</span> },
                      { title: t("catalogue.reason"), dataIndex: "reason" },
                    ]}
                  />
                ),
              },
              {
                key: "invalid",
                label: (
                  <span data-testid="catalogue-tab-invalid">
                    {t("catalogue.invalid")} <Tag>{report.invalid.length}</Tag>
                  </span>
                ),
                children: (
                  <Table
                    data-testid="catalogue-invalid"
                    rowKey={(p) => `${p.row}|${p.column}`}
                    size="small"
                    pagination={{ pageSize: 10, hideOnSinglePage: true }}
                    dataSource={report.invalid}
                    columns={[
                      { title: t("catalogue.row"), dataIndex: "row", width: 70 },
                      { title: t("catalogue.header"), dataIndex: "column", width: 120 },
                      { title: t("catalogue.value"), dataIndex: "value", width: 160 },
                      { title: t("catalogue.reason"), dataIndex: "reason" },
                    ]}
                  />
                ),
              },
              {
                key: "files",
                label: (
                  <span data-testid="catalogue-tab-files">
                    {t("catalogue.filesWithoutRow")} <Tag>{report.filesWithoutRow.length}</Tag>
                  </span>
                ),
                children: (
                  <Table
                    data-testid="catalogue-files-without-row"
                    rowKey={(p) => p}
                    size="small"
                    pagination={{ pageSize: 10, hideOnSinglePage: true }}
                    dataSource={report.filesWithoutRow}
                    columns={[{ title: t("catalogue.path"), render: (_, p: string) => <span className="mono">{p}</span> }]}
                  />
                ),
              },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}
