// Shared table settings.
import { formatCount } from "./format";
import type { Translate } from "./i18n";

/** Pages of `size` rows once there are more rows than fit one page; otherwise no pager. */
export const pagesOver = (rows: number, size = 20) => (rows > size ? { pageSize: size } : false);

/** The pager of a long list: page controls, page size, and the total in words ("共 1,234 条"). */
export const listPagination = (t: Translate) => ({
  defaultPageSize: 20,
  showSizeChanger: true,
  showTotal: (n: number) => t("table.total", { n: formatCount(n) }),
});
