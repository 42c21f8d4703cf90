import { SearchOutlined } from "@ant-design/icons";
import { AutoComplete, Input } from "antd";
import { useEffect, useRef, useState } from "react";
import * as api from "../../api";
import type { SearchHit } from "../../bindings/SearchHit";
import { useI18n } from "../../i18n";
import { navigate } from "../../router";
import { HIT_KINDS, hitRoute } from "../../searchHits";
import SearchHitLines from "./SearchHitLines";

// Typing pauses this long before a search: instant, without one query per keystroke.
const DEBOUNCE_MS = 200;
// Hits of each kind in the drop-down; the search page shows more.
const PER_KIND = 5;

/** The header's search box: results grouped by kind as you type; Enter opens the search page. */
export default function SearchBox() {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const [hits, setHits] = useState<SearchHit[]>([]);
  const latest = useRef(0);

  useEffect(() => {
    const query = text.trim();
    const ticket = ++latest.current;
    if (!query) return;
    const timer = window.setTimeout(() => {
      api
        .search(query, { unitId: null, kind: null, domain: null, year: null, status: null, mediaSet: null, limit: PER_KIND })
        // Only the answer to the latest text counts: an earlier, slower one must not overwrite it.
        .then((r) => ticket === latest.current && setHits(r.hits))
        .catch(() => ticket === latest.current && setHits([]));
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);

  // An empty box shows nothing, whatever the last search found.
  const shown = text.trim() ? hits : [];
  const options = HIT_KINDS.map((kind) => ({
    label: t(`search.group.${kind}`),
    options: shown
      .map((hit, index) => ({ hit, index }))
      .filter(({ hit }) => hit.kind === kind)
      .map(({ hit, index }) => ({
        value: String(index),
        label: (
          <div data-testid={`search-hit-${kind}`} className="search-hit">
            <SearchHitLines hit={hit} query={text} />
          </div>
        ),
      })),
  })).filter((group) => group.options.length > 0);

  const openPage = () => {
    const q = text.trim();
    if (!q) return;
    // The search page takes the query over (with its filters); the drop-down closes.
    setText("");
    setHits([]);
    navigate({ name: "search", q });
  };

  return (
    <AutoComplete
      value={text}
      options={options}
      onSearch={setText}
      onSelect={(value: string) => {
        const hit = shown[Number(value)];
        setText("");
        if (hit) navigate(hitRoute(hit));
      }}
      popupMatchSelectWidth={420}
      // Enter opens the search page unless an option was chosen with the arrow keys.
      defaultActiveFirstOption={false}
      style={{ width: 280 }}
      notFoundContent={text.trim() && shown.length === 0 ? t("search.none") : null}
    >
      <Input
        data-testid="header-search"
        prefix={<SearchOutlined />}
        placeholder={t("search.placeholder")}
        allowClear
        onPressEnter={openPage}
      />
    </AutoComplete>
  );
}
