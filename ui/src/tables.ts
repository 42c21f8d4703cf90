// Shared table settings.

/** Pages of `size` rows once there are more rows than fit one page; otherwise no pager. */
export const pagesOver = (rows: number, size = 20) => (rows > size ? { pageSize: size } : false);
