import type { SearchHit } from "../../bindings/SearchHit";
import { hitContext, hitTitle } from "../../searchHits";
import Highlight from "./Highlight";

/** A search hit's two lines (what it is, where it sits) with the query's words marked. */
export default function SearchHitLines({ hit, query }: { hit: SearchHit; query: string }) {
  return (
    <>
      <div className="search-hit-title">
        <Highlight text={hitTitle(hit)} query={query} />
      </div>
      <div className="search-hit-context">
        <Highlight text={hitContext(hit)} query={query} />
      </div>
    </>
  );
}
