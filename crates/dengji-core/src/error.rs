//! The one error type of the core. Messages are Chinese (the clerk's language) and say
//! what to do next; `code()` is the stable identifier the UI and scripts match on.

use std::path::PathBuf;

pub use crate::catalog::CatalogError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("数据目录 {0} 尚未初始化。请先初始化档案库（填写档案馆名称、行政区划代码和第一个管理员）。")]
    NotInitialised(PathBuf),
    #[error("数据目录 {0} 已经初始化，未做任何更改。若要新建档案库，请换一个空目录。")]
    AlreadyInitialised(PathBuf),
    #[error("数据目录 {dir} 由更新版本的 Dengji 创建（数据库版本 {found}，本程序支持到 {supported}）。请升级程序后再打开；目录未被修改。")]
    TooNew { dir: PathBuf, found: i64, supported: i64 },
    #[error("行政区划代码 “{0}” 无效：应为 GB/T 2260 中的 6 位数字代码（例如 330102 上城区）。")]
    BadRegion(String),
    #[error("统一社会信用代码 “{code}” 格式错误：{reason}")]
    UsccMalformed { code: String, reason: String },
    #[error("统一社会信用代码 “{code}” 校验位错误：按 GB 32100-2015 应为 “{expected}”。请核对；若确为早期试点代码，确认后仍可登记。")]
    UsccCheckDigit { code: String, expected: char },
    #[error("统一社会信用代码 {0} 已登记给另一单位，不能重复登记。")]
    DuplicateUscc(String),
    #[error("除个人外，登记单位必须填写统一社会信用代码。")]
    UsccRequired,
    #[error("未知的单位类别 “{0}”：可选 agency(机关)、institution(事业单位)、enterprise(企业)、project(重点建设项目)、organization(社会组织)、individual(个人)。")]
    BadUnitKind(String),
    #[error("未知的档案类型 “{0}”：可选 paper-scan(纸质档案数字化副本)、electronic(电子文件)、business-data(电子业务数据)。")]
    BadRecordKind(String),
    #[error("未知的民生领域 “{0}”：请从领域列表中选择，或由管理员先添加该领域。")]
    BadDomain(String),
    #[error("民生领域 “{0}” 已停用：新登记单位和修改单位时不能再选它。如需再用，请管理员重新添加该领域。")]
    DomainRetired(String),
    #[error("民生领域 “{0}” 已存在：请换一个名称。")]
    DomainExists(String),
    #[error("本馆尚未生成机构密钥，不能签署证明、报告或检查点。请管理员先生成机构密钥。")]
    KeyMissing,
    #[error("本馆已有机构密钥；要换用新密钥，请做密钥轮换（旧密钥签署的文件仍可核验）。")]
    KeyExists,
    #[error("机构密钥尚未解锁：签署前须输入机构密钥口令解锁。")]
    KeyLocked,
    #[error("机构密钥口令不正确，未解锁。")]
    KeyPassphrase,
    #[error("机构密钥口令太短：至少 {0} 个字符（它保护本馆的电子签名，备份介质上也有加密的私钥）。")]
    KeyPassphraseWeak(usize),
    #[error("机构密钥处理失败：{0}")]
    KeyMaterial(String),
    #[error("未知的上下级关系 “{0}”：可选 upper（上级）或 lower（下级）。")]
    BadRelation(String),
    #[error("这是本馆自己的机构密钥证书，不能登记为上下级档案馆。")]
    PeerOwnKey,
    #[error("该密钥（指纹 {fingerprint}）已登记为 “{name}” 的密钥。")]
    PeerKnown { name: String, fingerprint: String },
    #[error("指纹不符：证书中密钥的指纹是 {actual}，确认的是 {given}。请与对方档案馆重新核对，证书可能不是对方的。")]
    PeerFingerprintMismatch { given: String, actual: String },
    #[error("“{name}” 的密钥指纹为 {fingerprint}：请先通过电话或书面与对方档案馆核对这个指纹，核对无误后再确认登记。")]
    PeerUnconfirmed { name: String, fingerprint: String },
    #[error("“{0}” 已登记：对方更换了密钥时，请登记由其旧密钥签发的新证书（对方导出的 archive-key-N-signed-by-key-M.pem），而不是新的自签证书。")]
    PeerNeedsRotation(String),
    #[error("“{name}” 已登记为本馆的{relation}档案馆，登记它的新密钥时关系须一致。")]
    PeerRelation { name: String, relation: &'static str },
    #[error("证书不能登记：{0}")]
    PeerCertificate(String),
    #[error("登记证明 {0} 是旧版式（DJC1），不带电子签名，没有可供第三方核验的材料；如需要，可为该登记补发证明（新证明带签名）。")]
    CertUnsigned(String),
    #[error("签名声明格式错误：{0}")]
    BadStatement(String),
    #[error("{what}不能为空。")]
    Empty { what: &'static str },
    #[error("找不到登记单位 “{0}”（可用单位编号或统一社会信用代码）。")]
    UnitNotFound(String),
    #[error("找不到登记 “{0}”（可用登记号或草稿编号）。")]
    RegistrationNotFound(String),
    #[error("登记 {0} 已封存，不能再更改（不能添加、移除文件或修改信息）。")]
    Sealed(String),
    #[error("不能封存草稿 {id}：{reasons}")]
    SealBlocked { id: i64, reasons: String },
    #[error("不能封存草稿 {id}：四性检测有 {count} 项错误未经审核员接受，如 {first}。请改正后重新接收，或由审核员逐项接受并写明理由。")]
    SealCheckErrors { id: i64, count: usize, first: String },
    #[error("草稿中没有未接受的检测错误 {rule}{}：请先查看检测错误的规则代码和文件路径。", if item.is_empty() { String::new() } else { format!("（{item}）") })]
    CheckErrorNotFound { rule: String, item: String },
    #[error("确认封存时输入的题名与登记题名不一致，未封存。")]
    SealConfirmMismatch,
    #[error("找不到要接收的路径 {0}：请检查路径是否存在、是否已挂载。")]
    SourceMissing(PathBuf),
    #[error("两个来源含有相同的相对路径 “{0}”：请分别接收，或先重命名其中一个。")]
    DuplicateSource(String),
    #[error("没有要接收的文件：所给路径下没有任何普通文件，未创建草稿。请检查所选文件夹。")]
    NothingToTake,
    #[error("任务在扫描阶段已取消，未做任何更改。")]
    Cancelled,
    #[error("另一个接收任务正在写入草稿 {0}：请等它结束或取消后再试。")]
    DraftBusy(i64),
    #[error("有接收任务正在写入保管库：请等它结束或取消后再放弃草稿。草稿未做任何更改。")]
    VaultBusy,
    #[error("请先登录。")]
    NotSignedIn,
    #[error("用户名或密码不正确。")]
    BadCredentials,
    #[error("登录失败次数过多，请 {0} 秒后再试。")]
    LoginThrottled(i64),
    #[error("账户 “{0}” 已停用，请联系管理员。")]
    AccountDisabled(String),
    #[error("无权{what}：需要{roles}角色。")]
    Forbidden { what: &'static str, roles: String },
    #[error("密码太短：至少需要 {0} 个字符。")]
    WeakPassword(usize),
    #[error("用户名 “{0}” 不可用：不能含逗号或控制字符。")]
    BadUserName(String),
    #[error("用户 “{0}” 已存在。")]
    UserExists(String),
    #[error("找不到用户 “{0}”。")]
    UserNotFound(String),
    #[error("未知的角色 “{0}”：可选 admin(管理员)、clerk(登记员)、reviewer(审核员)。")]
    BadRole(String),
    #[error("不能停用最后一个管理员账户，也不能取消它的管理员角色：档案库须始终有一位可用的管理员。")]
    LastAdmin,
    #[error("档案库已有账户，不能再创建初始管理员。")]
    AccountsExist,
    #[error("已启用“双人封存”：接收此草稿的人员（{0}）不能自己封存，请由另一位审核员封存。")]
    FourEyes(String),
    #[error("申请人不能审批自己的申请，请由另一位审核员或管理员审批。")]
    SelfApproval,
    #[error("找不到申请 “{0}”。")]
    ApplicationNotFound(String),
    #[error("申请 {0} 不是待审批状态（已审批或已驳回）。")]
    ApplicationDecided(i64),
    #[error("申请 {id} 的批准已于 {at} 用于一次恢复：每次批准只能使用一次。如需再次恢复，请重新提交申请并经批准。")]
    ApplicationUsed { id: i64, at: String },
    #[error("申请 {id} 的批准已于 {until} 过期：请重新提交申请并经批准。")]
    ApplicationExpired { id: i64, until: String },
    #[error("介质 {label}：{summary}为免把备份写到可能损坏的硬盘上，须确认后才写入（确认会记入台账）。")]
    DriveHealth { label: String, summary: String },
    #[error("鉴证已取消：没有记入台账，也没有出具报告。")]
    AttestCancelled,
    #[error("台账核验已取消：没有得出结论，请重新核验。")]
    VerifyCancelled,
    #[error("出具证明已取消：没有出具证明，也没有占用证明编号。")]
    IssueCancelled,
    #[error("导入目录已取消：草稿的著录没有任何改动。")]
    ImportCancelled,
    #[error("导出已取消：没有留下导出文件。")]
    ExportCancelled,
    #[error("保全期限有误：结束日期 {ends} 早于开始日期 {starts}。")]
    BadHoldDates { starts: String, ends: String },
    #[error("诉讼保全 {0} 已经解除，不能再次解除。")]
    HoldReleased(i64),
    #[error("没有编号为 {0} 的诉讼保全。")]
    HoldNotFound(i64),
    #[error("没有编号为 {0} 的销毁申请。")]
    DisposalNotFound(i64),
    #[error("销毁申请 {0} 不是待审批状态（已批准或已驳回）。")]
    DisposalDecided(i64),
    #[error("销毁申请 {0} 未经批准，没有销毁清单。")]
    DisposalNotApproved(i64),
    #[error("文件 “{path}” 的保管期限未满（{when}），不能销毁。")]
    NotDue { path: String, when: String },
    #[error("登记 {registration} 在诉讼保全中（{references}）：保全解除前不能销毁。")]
    OnHold { registration: String, references: String },
    #[error("文件 “{path}” 已于 {at} 销毁。")]
    AlreadyDisposed { path: String, at: String },
    #[error("登记 {0} 的文件已全部销毁，没有可以恢复或交还的内容。")]
    WhollyDisposed(String),
    #[error("申请 {id} 是{is}申请，不能用于{wanted}：恢复（数据恢复）与交还（把数据交还单位）各凭各自批准的申请。")]
    WrongApplicationKind { id: i64, is: &'static str, wanted: &'static str },
    #[error("登记 {0} 尚未封存：只有已封存的登记可以申请恢复或提供数据。")]
    NotSealed(String),
    #[error("登记 {0} 没有已批准的恢复申请：请先由登记员提交恢复申请，再由审核员或管理员批准。")]
    NoApprovedApplication(String),
    #[error("登记 {1} 中没有文件 “{0}”。")]
    ItemNotFound(String, String),
    #[error("目标位置已有文件 {0}：为避免覆盖，未恢复任何文件。请换一个空文件夹，或明确要求覆盖。")]
    DestinationExists(PathBuf),
    #[error("路径 “{0}” 不安全（绝对路径、..、盘符或符号链接），拒绝写出。")]
    UnsafePath(String),
    #[error("设置无效：{0}")]
    BadSetting(String),
    #[error("未知的介质类型 “{0}”：可选 hdd(机械硬盘)、ssd(固态硬盘)、usb(U盘)、optical(光盘)、tape(磁带)。")]
    BadMediumKind(String),
    #[error("找不到备份介质 {0}：请检查介质是否已插好、已挂载，路径是否正确。")]
    MediumMissing(PathBuf),
    #[error("介质 {path} 属于另一个档案库（{archive}，实例 {instance}），拒绝使用。请换一个介质，或到该档案库的工作站上使用它。")]
    MediumForeign { path: PathBuf, archive: String, instance: String },
    #[error("介质 {path} 已登记为 “{label}”，无需重复登记，可直接备份到该介质。")]
    MediumRegistered { path: PathBuf, label: String },
    #[error("介质标签 “{0}” 已被另一个介质使用，请换一个标签。")]
    MediumLabelTaken(String),
    #[error("{0} 不是本档案库已登记的备份介质（根目录没有本档案库的 DENGJI-MEDIUM.json）。请先登记该介质（标签和套别）。")]
    MediumUnknown(PathBuf),
    #[error("介质 {path} 的标识文件 DENGJI-MEDIUM.json 无法读取：{reason}。请勿手工修改该文件；如已损坏，请联系技术人员。")]
    MediumIdentity { path: PathBuf, reason: String },
    #[error("另一个备份或核验任务正在使用介质 “{0}”：请等它结束后再试。")]
    MediumBusy(String),
    #[error("介质 “{label}” 已退役（{reason}），不再写入。请换一个在用的介质。")]
    MediumRetired { label: String, reason: String },
    #[error("介质 “{label}” 登记为外出（去向：{destination}），尚未登记收回。请先登记收回，再备份或修复。")]
    MediumOut { label: String, destination: String },
    #[error("介质 “{label}” 已在外出途中（去向：{destination}），不能再次登记外出。")]
    MediumAlreadyOut { label: String, destination: String },
    #[error("介质 “{0}” 没有外出记录，无需登记收回。")]
    MediumNotOut(String),
    #[error("找不到备份介质 “{0}”：请用介质标签（见介质列表）或插入介质后用其路径。")]
    MediumNotFound(String),
    #[error("未知的退役原因 “{0}”：可选 lost(丢失)、destroyed(销毁)、failed(损坏)、migrated(已迁移)。")]
    BadRetireReason(String),
    #[error("写入备份介质 “{label}” 失败（{path}）：{source}。请检查介质空间是否已满、是否只读或已被拔出。已完成的登记包已记录；未完成的部分不会被当作备份，下次备份会重新写入。")]
    MediumWrite { label: String, path: PathBuf, source: std::io::Error },
    #[error("介质空间不足：介质 “{label}” 已满，写入 {path} 时失败。未写完的登记包已删除，不会被当作备份；已写完的登记已记录。请换一个容量更大的介质（或清理出空间）后重新运行，会从中断处继续。")]
    MediumFull { label: String, path: PathBuf },
    #[error("介质为只读：介质 “{label}” 不能写入（{path}）。请检查写保护开关，或以读写方式重新挂载后再运行；未写入任何不完整的登记包。")]
    MediumReadOnly { label: String, path: PathBuf },
    #[error("介质 “{label}” 已不可访问（{path}）：可能已被拔出或卸载。请重新插好、挂载后再运行；已写完的登记已记录，未写完的部分不会被当作备份，下次会继续写入。")]
    MediumGone { label: String, path: PathBuf },
    #[error("介质 “{label}” 读写出错（{path}）：{source}。介质可能已损坏或连接不稳：请检查连接线和接口，或换一个介质；已写完的登记已记录，未写完的部分不会被当作备份。")]
    MediumFailing { label: String, path: PathBuf, source: std::io::Error },
    #[error("文件太大，介质 “{label}” 的文件系统存不下（{path}）：FAT32 格式的单个文件不能超过 4 GB。请把介质格式化为 exFAT 或 NTFS，或换一个介质；已写完的登记已记录。")]
    MediumFileTooBig { label: String, path: PathBuf },
    #[error("修复来源 {0} 就是要修复的介质本身：请选本档案库的另一个已登记介质，或从本机保管库修复。")]
    RepairSameMedium(PathBuf),
    #[error("介质 “{label}” 上没有登记 {number} 的登记包：请换一个已备份该登记的介质，或从本机保管库恢复。")]
    MediumLacksBag { label: String, number: String },
    #[error(
        "介质 “{label}” 上的文件 {path} 缺失或已损坏（与登记时的 SM3/SHA-256 不符），未恢复该文件：请先修复该介质，或换一个介质恢复。"
    )]
    MediumFileDamaged { label: String, path: PathBuf },
    #[error("抽查比例 {0}% 无效：应为 1 到 100 之间的整数。")]
    BadSample(u8),
    #[error("抽查比例 {given}% 低于本馆规定的最低抽查比例 {min}%：抽查太少不能算作一次核验。请提高抽查比例，或全部核验。")]
    SampleBelowMinimum { given: u8, min: u8 },
    #[error("{0} 不是 Dengji 备份介质（根目录没有 DENGJI-MEDIUM.json）：请指定备份介质的根目录。")]
    RecoverNotMedium(PathBuf),
    #[error("所给介质上没有可用的目录快照，无法重建工作站（{0}）。请再提供同一档案库的其他介质。")]
    RecoverNoSnapshot(String),
    #[error(
        "介质 “{a}” 与 “{b}” 上的目录快照互相矛盾（台账在第 {size} 条之前已分叉），不能合并重建。请分别检查这两个介质来自哪台工作站。"
    )]
    RecoverDiverged { a: String, b: String, size: i64 },
    #[error("目标文件夹 {0} 不是空的：重建工作站需要一个空文件夹（或一次中断的重建留下的文件夹）。请换一个空文件夹。")]
    RecoverTargetNotEmpty(PathBuf),
    #[error("迁移目标 {0} 不是空文件夹：请指定一个新的（或空的）数据目录，原档案库不会被改动。")]
    MigrateTargetNotEmpty(PathBuf),
    #[error("{0} 不是普通文件：鉴证需要逐个指定文件（不能是文件夹、设备或管道）。")]
    AttestNotAFile(PathBuf),
    #[error("找不到要鉴证的文件 {0}：请检查路径（U 盘是否已插好）。")]
    AttestMissing(PathBuf),
    #[error("{field} “{value}” 无效：{reason}。")]
    BadMetadata { field: &'static str, value: String, reason: String },
    #[error("无法读取目录文件 {path}：{reason}")]
    CatalogueUnreadable { path: PathBuf, reason: String },
    #[error("目录中没有指明文件的列（如“文件名”“电子文件名”“路径”）：请指定哪一列是文件。目录的列：{0}")]
    CatalogueNoFileColumn(String),
    #[error("目录中没有“{column}”列。目录的列：{columns}")]
    CatalogueNoColumn { column: String, columns: String },
    #[error("“{first}”和“{second}”两列都对应{field}：请指定用其中哪一列，另一列会被忽略。")]
    CatalogueFieldTwice { field: &'static str, first: String, second: String },
    #[error("登记 {0} 尚未封存：只有已封存的登记才能出具登记证明。请先由审核员封存。")]
    CertNotSealed(String),
    #[error("找不到登记证明 “{0}”：本馆没有签发这个编号的证明。")]
    CertificateNotFound(String),
    #[error("二维码内容无法识别：{0}。登记证明上的二维码内容形如 DJC2|证明编号|登记号|…|SIG=签名（较早的证明为 DJC1|证明编号|登记号|SM3|SHA-256|台账条数）。")]
    BadQr(String),
    #[error("生成登记证明 PDF 失败：{0}")]
    CertRender(String),
    #[error(
        "重新生成的登记证明 {number} 与签发时的 PDF 不一致（签发时 SHA-256 {issued}，现在 {now}），未输出文件：程序或字体版本有变，或目录被改动。请核验台账并联系技术人员。"
    )]
    CertReprintDiffers { number: String, issued: String, now: String },
    #[error("设置文件无法导入：{0}。请使用 Dengji “导出设置” 生成的文件；本机设置未做任何更改。")]
    BadSettingsFile(String),
    #[error("只有演示档案库可以删除；正式档案库的数据不会被删除。")]
    NotDemo,
    #[error("生成统计表失败：{0}")]
    ExportFailed(String),
    #[error("数据目录 {dir} 所在磁盘空间不足，接收已停止：已接收的文件完整保留在草稿 #{draft} 中。请腾出空间（或把数据目录移到更大的磁盘）后对该草稿继续接收。")]
    DataDiskFull { dir: PathBuf, draft: i64 },
    #[error("读写 {path} 失败：{source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("档案数据库错误：{0}。若问题持续，请核验台账并联系技术人员。")]
    Db(CatalogError),
    #[error("数据库升级失败：{0}")]
    Migration(CatalogError),
    #[error("保管库对象 {0} 缺失或已损坏：请核验保管库，再从备份介质修复。")]
    VaultObject(String),
    #[error("对象存储 {store}：{what}失败：{message}。请检查端点地址与网络、存储桶是否存在，以及访问密钥（AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY 或凭据文件）。")]
    ObjectStore { store: String, what: String, message: String },
    #[error("保管库地址 “{0}” 无效：应为 s3://存储桶[/前缀]（存储桶名 3–63 个小写字母、数字、点或连字符）。")]
    BadVaultUrl(String),
    #[error("对象存储端点 “{0}” 无效：应为 http:// 或 https:// 开头的地址，如 https://oss.example.gov.cn 或 http://127.0.0.1:8333。")]
    BadS3Endpoint(String),
    #[error("{0} 下已经存有对象：新档案库不能建在另一个档案库的保管库里。请换一个前缀（s3://存储桶/新前缀）。")]
    VaultNotEmpty(String),
    #[error("目录库地址 “{url}” 无效：{why}。应为 postgresql://用户名@主机[:端口]/数据库名。")]
    BadCatalogUrl { url: String, why: String },
    #[error("无法连接 PostgreSQL 目录库 {url}：{message}。请检查服务器地址与端口、网络、数据库名和用户名，以及密码（PGPASSWORD 环境变量或 ~/.pgpass）。")]
    CatalogConnect { url: String, message: String },
    #[error("数据库 {0} 里已有数据表：新档案库只能建在空数据库里；要加入已有的中心档案库，请选择“加入中心档案库”。")]
    CatalogNotEmpty(String),
    #[error("数据库 {0} 不是 Dengji 档案库的目录库（没有 dengji_schema 表）：请核对地址，或先在空数据库里新建档案库。")]
    CatalogNotDengji(String),
    #[error("只有中心档案库（目录库在 PostgreSQL、保管库在 S3 兼容对象存储）才能由多台工作站加入：请同时给出 PostgreSQL 目录库和 S3 兼容对象存储的地址。")]
    AttachNeedsServers,
    #[error("{0} 下没有档案库的保管库（缺少 DENGJI-VAULT.json 标记）：请核对存储桶和前缀，与建库时所用的一致。")]
    AttachNoVault(String),
    #[error("保管库 {vault} 不是这个目录库的：目录库登记的对象 {object} 不在其中。请核对存储桶和前缀。")]
    AttachMismatch { vault: String, object: String },
    #[error("S3 凭据文件 {path} 不可用：{why}。")]
    S3Credentials { path: PathBuf, why: String },
    #[error("本馆尚未登记上级档案馆：请管理员先在 系统设置 › 上下级档案馆 登记上级档案馆的证书。")]
    NoUpperPeer,
    #[error("本馆登记了多个上级档案馆（{0}）：请指定报送给哪一个。")]
    UpperPeerAmbiguous(String),
    #[error("没有名为 “{0}” 的上级档案馆：请按 系统设置 › 上下级档案馆 中登记的名称填写。")]
    UpperPeerUnknown(String),
    #[error("{0} 已存在：请换一个位置，或先把它移走。")]
    ReportExists(PathBuf),
    #[error("{path} 不是完整的上报包：{why}。可能是没有写完的包，请在下级档案馆重新导出；未导入任何内容。")]
    ReportIncomplete { path: PathBuf, why: String },
    #[error("上报包未通过核验，未导入任何内容：{0}")]
    ReportInvalid(String),
    #[error("上报包的签名不可信，未导入任何内容：{0}")]
    ReportSigner(String),
    #[error("“{from}” 的第 {number} 号上报包已导入过（本馆已收到第 {last} 号）：重放的包不再导入，未导入任何内容。")]
    ReportReplayed { from: String, number: i64, last: i64 },
    #[error("“{from}” 的第 {number} 号上报包从其台账第 {ledger_from} 条之后开始，本馆只收到第 {held} 条为止：中间缺少上报包。请先导入之前的上报包，或请对方重新导出；未导入任何内容。")]
    ReportOutOfOrder { from: String, number: i64, ledger_from: i64, held: i64 },
    #[error("“{from}” 的台账与本馆收到过的不符：第 {size} 条本馆收到的哈希是 {held}，这个包中是 {theirs}。对方的台账被改写过；两个哈希已作为证据记入本馆台账，未导入任何内容。")]
    LedgerForked { from: String, size: i64, held: String, theirs: String },
    #[error("接收已取消：没有导入任何内容，也没有写回执；再次接收会从头核验。")]
    ReportImportCancelled,
    #[error("没有名为 “{0}” 的下级档案馆：请按 上下级报送 › 下级档案馆 中的名称填写。")]
    LowerUnknown(String),
    #[error("{0}")]
    BadPeriod(String),
    #[error("单位 “{unit}” 已有名为 “{name}” 的业务数据系列：每次移交请作为该系列的新版本接收。")]
    SeriesExists { unit: String, name: String },
    #[error("没有业务数据系列 “{0}”：请核对系列的名称或编号。")]
    SeriesNotFound(String),
    #[error("有多个名为 “{name}” 的业务数据系列（{ids}）：请用编号指明。")]
    SeriesAmbiguous { name: String, ids: String },
    #[error("系列 “{series}” 已有 {period} 期的草稿 #{draft}：请继续向草稿 #{draft} 添加文件，或先作废它。")]
    SeriesDraftExists { series: String, period: String, draft: i64 },
    #[error("系列 “{0}” 已接收过移交，不能再改移交周期：已有的期次按原周期书写。周期确已改变时，请新建一个系列。")]
    SeriesCadenceFixed(String),
    #[error("系列 #{series} 没有第 {version} 版：请在系列的版本列表中核对版本号。")]
    SeriesVersionNotFound { series: i64, version: i64 },
    #[error("尚未收到 “{0}” 的上报包：本馆没有它的副本，无法制作恢复介质。")]
    LowerNoReport(String),
    #[error("下级档案馆 “{archive}” 报送登记 {number} 时只报送了目录（未带文件）：本馆没有它的文件，无法恢复。请该馆下次报送时带上文件（不只报送目录），或由该馆恢复。")]
    LowerFilesNotHeld { archive: String, number: String },
    #[error("回执未通过核验，未记录：{0}")]
    ReceiptInvalid(String),
    #[error("第 {number} 号上报包的回执已于 {at} 记录过。")]
    ReceiptRecorded { number: i64, at: String },
    #[error("数据不一致：{0}")]
    Integrity(String),
}

/// Writes `ErrorCode` (one variant per `Error` variant, of the same name), its `ALL`, its
/// `as_str` and `Error::code()` from one list, so a code is named once; `code()`'s match
/// does not compile while an `Error` variant is missing from the list.
macro_rules! error_codes {
    ($($variant:ident = $code:literal,)*) => {
        /// The stable identifier of each error, one per `Error` variant: what the UI
        /// chooses its message by (its English texts are keyed by it) and scripts match on
        /// (`as_str`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            /// Every code, in the order of `Error`'s variants.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }
        }

        impl Error {
            /// Stable machine-readable code, used across IPC and in tests.
            pub fn code(&self) -> ErrorCode {
                match self {
                    $(Error::$variant { .. } => ErrorCode::$variant,)*
                }
            }
        }
    };
}

error_codes! {
    NotInitialised = "not_initialised",
    AlreadyInitialised = "already_initialised",
    TooNew = "too_new",
    BadSettingsFile = "bad_settings_file",
    NotDemo = "not_demo",
    DataDiskFull = "data_disk_full",
    ExportFailed = "export_failed",
    BadRegion = "bad_region",
    UsccMalformed = "uscc_malformed",
    UsccCheckDigit = "uscc_check_digit",
    DuplicateUscc = "duplicate_uscc",
    UsccRequired = "uscc_required",
    BadUnitKind = "bad_unit_kind",
    BadRecordKind = "bad_record_kind",
    BadDomain = "bad_domain",
    DomainRetired = "domain_retired",
    DomainExists = "domain_exists",
    Empty = "empty",
    UnitNotFound = "unit_not_found",
    RegistrationNotFound = "registration_not_found",
    Sealed = "sealed",
    SealBlocked = "seal_blocked",
    SealCheckErrors = "seal_check_errors",
    CheckErrorNotFound = "check_error_not_found",
    SealConfirmMismatch = "seal_confirm_mismatch",
    SourceMissing = "source_missing",
    DuplicateSource = "duplicate_source",
    NothingToTake = "nothing_to_take",
    Cancelled = "cancelled",
    DraftBusy = "draft_busy",
    VaultBusy = "vault_busy",
    NotSignedIn = "not_signed_in",
    BadCredentials = "bad_credentials",
    LoginThrottled = "login_throttled",
    AccountDisabled = "account_disabled",
    Forbidden = "forbidden",
    WeakPassword = "weak_password",
    BadUserName = "bad_user_name",
    UserExists = "user_exists",
    UserNotFound = "user_not_found",
    BadRole = "bad_role",
    LastAdmin = "last_admin",
    AccountsExist = "accounts_exist",
    FourEyes = "four_eyes",
    SelfApproval = "self_approval",
    ApplicationNotFound = "application_not_found",
    ApplicationDecided = "application_decided",
    ApplicationUsed = "application_used",
    ApplicationExpired = "application_expired",
    DriveHealth = "drive_health",
    AttestCancelled = "attest_cancelled",
    VerifyCancelled = "verify_cancelled",
    IssueCancelled = "issue_cancelled",
    ImportCancelled = "import_cancelled",
    ExportCancelled = "export_cancelled",
    BadHoldDates = "bad_hold_dates",
    HoldReleased = "hold_released",
    HoldNotFound = "hold_not_found",
    DisposalNotFound = "disposal_not_found",
    DisposalDecided = "disposal_decided",
    DisposalNotApproved = "disposal_not_approved",
    NotDue = "not_due",
    OnHold = "on_hold",
    AlreadyDisposed = "already_disposed",
    WhollyDisposed = "wholly_disposed",
    WrongApplicationKind = "wrong_application_kind",
    BadSetting = "bad_setting",
    NotSealed = "not_sealed",
    NoApprovedApplication = "no_approved_application",
    ItemNotFound = "item_not_found",
    DestinationExists = "destination_exists",
    UnsafePath = "unsafe_path",
    BadMediumKind = "bad_medium_kind",
    MediumMissing = "medium_missing",
    MediumForeign = "medium_foreign",
    MediumRegistered = "medium_registered",
    MediumLabelTaken = "medium_label_taken",
    MediumUnknown = "medium_unknown",
    MediumIdentity = "medium_identity",
    MediumBusy = "medium_busy",
    MediumRetired = "medium_retired",
    MediumOut = "medium_out",
    MediumAlreadyOut = "medium_already_out",
    MediumNotOut = "medium_not_out",
    MediumNotFound = "medium_not_found",
    BadRetireReason = "bad_retire_reason",
    MediumWrite = "medium_write",
    MediumFull = "medium_full",
    MediumReadOnly = "medium_read_only",
    MediumGone = "medium_gone",
    MediumFailing = "medium_failing",
    MediumFileTooBig = "medium_file_too_big",
    BadSample = "bad_sample",
    SampleBelowMinimum = "sample_below_minimum",
    BadRelation = "bad_relation",
    PeerOwnKey = "peer_own_key",
    PeerKnown = "peer_known",
    PeerFingerprintMismatch = "peer_fingerprint_mismatch",
    PeerUnconfirmed = "peer_unconfirmed",
    PeerNeedsRotation = "peer_needs_rotation",
    PeerRelation = "peer_relation",
    PeerCertificate = "peer_certificate",
    NoUpperPeer = "no_upper_peer",
    UpperPeerAmbiguous = "upper_peer_ambiguous",
    UpperPeerUnknown = "upper_peer_unknown",
    ReportExists = "report_exists",
    ReportIncomplete = "report_incomplete",
    ReportInvalid = "report_invalid",
    ReportSigner = "report_signer",
    ReportReplayed = "report_replayed",
    ReportOutOfOrder = "report_out_of_order",
    LedgerForked = "ledger_forked",
    ReportImportCancelled = "report_import_cancelled",
    LowerUnknown = "lower_unknown",
    LowerNoReport = "lower_no_report",
    BadPeriod = "bad_period",
    SeriesExists = "series_exists",
    SeriesNotFound = "series_not_found",
    SeriesAmbiguous = "series_ambiguous",
    SeriesDraftExists = "series_draft_exists",
    SeriesCadenceFixed = "series_cadence_fixed",
    SeriesVersionNotFound = "series_version_not_found",
    LowerFilesNotHeld = "lower_files_not_held",
    ReceiptInvalid = "receipt_invalid",
    ReceiptRecorded = "receipt_recorded",
    KeyMissing = "key_missing",
    KeyExists = "key_exists",
    KeyLocked = "key_locked",
    KeyPassphrase = "key_passphrase",
    KeyPassphraseWeak = "key_passphrase_weak",
    KeyMaterial = "key_material",
    BadStatement = "bad_statement",
    CertUnsigned = "cert_unsigned",
    CertNotSealed = "cert_not_sealed",
    CertificateNotFound = "certificate_not_found",
    BadQr = "bad_qr",
    CertRender = "cert_render",
    CertReprintDiffers = "cert_reprint_differs",
    RepairSameMedium = "repair_same_medium",
    MediumLacksBag = "medium_lacks_bag",
    MediumFileDamaged = "medium_file_damaged",
    RecoverNotMedium = "recover_not_medium",
    RecoverNoSnapshot = "recover_no_snapshot",
    RecoverDiverged = "recover_diverged",
    RecoverTargetNotEmpty = "recover_target_not_empty",
    MigrateTargetNotEmpty = "migrate_target_not_empty",
    AttestNotAFile = "attest_not_a_file",
    AttestMissing = "attest_missing",
    BadMetadata = "bad_metadata",
    CatalogueUnreadable = "catalogue_unreadable",
    CatalogueNoFileColumn = "catalogue_no_file_column",
    CatalogueNoColumn = "catalogue_no_column",
    CatalogueFieldTwice = "catalogue_field_twice",
    Io = "io",
    Db = "db",
    Migration = "migration",
    VaultObject = "vault_object",
    ObjectStore = "object_store",
    BadVaultUrl = "bad_vault_url",
    BadS3Endpoint = "bad_s3_endpoint",
    VaultNotEmpty = "vault_not_empty",
    S3Credentials = "s3_credentials",
    BadCatalogUrl = "bad_catalog_url",
    CatalogConnect = "catalog_connect",
    CatalogNotEmpty = "catalog_not_empty",
    CatalogNotDengji = "catalog_not_dengji",
    AttachNeedsServers = "attach_needs_servers",
    AttachNoVault = "attach_no_vault",
    AttachMismatch = "attach_mismatch",
    Integrity = "integrity",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Error {
    /// True when the caller gave bad input (CLI exit code 2), as opposed to a failure
    /// found in the data (exit code 1).
    pub fn is_usage(&self) -> bool {
        !self.is_medium_fault()
            && !matches!(
                self,
                Error::Io { .. }
                    | Error::MediumIdentity { .. }
                    | Error::Db(_)
                    | Error::Migration(_)
                    | Error::VaultObject(_)
                    | Error::ObjectStore { .. }
                    | Error::CatalogConnect { .. }
                    | Error::MediumFileDamaged { .. }
                    | Error::RecoverNoSnapshot(_)
                    | Error::RecoverDiverged { .. }
                    | Error::CertRender(_)
                    | Error::CertReprintDiffers { .. }
                    | Error::KeyMaterial(_)
                    | Error::Integrity(_)
                    | Error::ExportFailed(_)
                    | Error::DataDiskFull { .. }
            )
    }

    /// True for the errors of a medium that stop a whole job (full, read-only, gone,
    /// failing), as opposed to one file that could not be repaired.
    pub fn is_medium_fault(&self) -> bool {
        matches!(
            self,
            Error::MediumWrite { .. }
                | Error::MediumFull { .. }
                | Error::MediumReadOnly { .. }
                | Error::MediumGone { .. }
                | Error::MediumFailing { .. }
                | Error::MediumFileTooBig { .. }
        )
    }

    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }
}

impl From<CatalogError> for Error {
    fn from(e: CatalogError) -> Error {
        Error::Db(e)
    }
}
