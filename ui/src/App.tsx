import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import Root from "./features/shell/Root";
import { useI18n } from "./i18n";

const FONT = '"Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif';

export default function App() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === "zh" ? zhCN : enUS} theme={{ token: { fontFamily: FONT } }} button={{ autoInsertSpace: false }}>
      <AntApp style={{ height: "100%" }}>
        <Root />
      </AntApp>
    </ConfigProvider>
  );
}
