import { FolderOpenOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Checkbox, Descriptions, Input, Modal, Radio, Space, Table, Tag, Typography, type ButtonProps, type TableColumnsType } from "antd";
import { useState } from "react";
import { addPeer, listPeers, peerCertificate } from "../../api";
import type { Peer } from "../../bindings/Peer";
import type { PeerCertificate } from "../../bindings/PeerCertificate";
import type { PemSource } from "../../bindings/PemSource";
import { openFileDialog } from "../../dialogs";
import { errorMessage } from "../../errors";
import { formatDateTime } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";

/** A fingerprint in groups of eight, as it is read out over the telephone. */
const spoken = (fingerprint: string) => fingerprint.toUpperCase().match(/.{1,8}/g)?.join(" ") ?? fingerprint;

/** 上下级档案馆 (admin): the archives this one reports to and takes reports from, each
 *  registered by its key certificate once the admin checked the fingerprint with it. */
export default function PeersCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const peers = useLoad(listPeers);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [cert, setCert] = useState<PeerCertificate | null>(null);
  const [relation, setRelation] = useState<"upper" | "lower" | null>(null);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setOpen(false);
    setText("");
    setCert(null);
    setRelation(null);
    setChecked(false);
  };

  const read = async (source: PemSource) => {
    setBusy(true);
    try {
      setCert(await peerCertificate(source));
      setChecked(false);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const chooseFile = async () => {
    const path = await openFileDialog(t, t("dialog.openPeerCertificate"), "certificate");
    if (path !== null) await read({ kind: "path", path });
  };

  const submit = async () => {
    if (!cert || !relation) return;
    setBusy(true);
    try {
      const added = await addPeer(cert.pem, relation, cert.fingerprint);
      const name = added.peer.name;
      message.success(added.rotation ? t("peers.rotated", { name }) : t("peers.registered", { name, relation: t(`peers.${relation}`) }));
      close();
      peers.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<Peer> = [
    { title: t("peers.name"), key: "name", render: (_: unknown, p: Peer) => `${p.name}（${p.regionCode}）` },
    {
      title: t("peers.relation"),
      dataIndex: "relation",
      width: 80,
      render: (r: string) => <Tag color={r === "upper" ? "blue" : "green"}>{t(r === "upper" ? "peers.upper" : "peers.lower")}</Tag>,
    },
    {
      title: t("peers.fingerprint"),
      key: "fingerprint",
      render: (_: unknown, p: Peer) => {
        const current = p.keys[p.keys.length - 1];
        return current ? <Typography.Text className="mono" copyable={{ text: current.fingerprint }}>{`${current.fingerprint.slice(0, 16)}…`}</Typography.Text> : null;
      },
    },
    { title: t("peers.keys"), key: "keys", width: 70, align: "right", render: (_: unknown, p: Peer) => p.keys.length },
    { title: t("peers.added"), dataIndex: "addedAt", width: 160, render: (at: string) => formatDateTime(at) },
  ];

  return (
    <Card title={t("peers.title")} style={{ maxWidth: 720, marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t("peers.hint")}</Typography.Paragraph>
      {peers.error && <Alert type="error" showIcon title={peers.error} style={{ marginBottom: 12 }} />}
      <Table
        data-testid="peers-table"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={peers.data ?? []}
        loading={peers.loading}
        pagination={false}
        locale={{ emptyText: t("peers.none") }}
      />
      <Button data-testid="peer-add" icon={<PlusOutlined />} style={{ marginTop: 12 }} onClick={() => setOpen(true)}>
        {t("peers.add")}
      </Button>
      <Modal
        open={open}
        title={t("peers.addTitle")}
        width={640}
        onCancel={close}
        okText={t("peers.submit")}
        okButtonProps={{ disabled: !cert || !relation || !checked, loading: busy, "data-testid": "peer-submit" } as ButtonProps}
        onOk={() => void submit()}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: "100%" }}>
          <Button icon={<FolderOpenOutlined />} onClick={() => void chooseFile()}>
            {t("peers.chooseFile")}
          </Button>
          <Input.TextArea
            data-testid="peer-pem"
            rows={4}
            value={text}
            placeholder={t("peers.pastePlaceholder")}
            onChange={(e) => setText(e.target.value)}
          />
          <Button data-testid="peer-read" disabled={text.trim() === ""} loading={busy} onClick={() => void read({ kind: "text", text })}>
            {t("peers.read")}
          </Button>
          {cert && (
            <>
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={t("peers.name")}>
                  <span data-testid="peer-name">{cert.name}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t("peers.region")}>{cert.regionCode}</Descriptions.Item>
              </Descriptions>
              <Typography.Text>{t("peers.readAloud")}</Typography.Text>
              <Typography.Text className="mono" data-testid="peer-fingerprint" style={{ fontSize: 16, wordBreak: "break-all" }}>
                {spoken(cert.fingerprint)}
              </Typography.Text>
              <Radio.Group value={relation} onChange={(e) => setRelation(e.target.value)}>
                <Radio value="upper">
                  <span data-testid="peer-relation-upper">{t("peers.upper")}</span>
                </Radio>
                <Radio value="lower">
                  <span data-testid="peer-relation-lower">{t("peers.lower")}</span>
                </Radio>
              </Radio.Group>
              <Checkbox checked={checked} onChange={(e) => setChecked(e.target.checked)}>
                <span data-testid="peer-confirm">{t("peers.confirm")}</span>
              </Checkbox>
            </>
          )}
        </Space>
      </Modal>
    </Card>
  );
}
