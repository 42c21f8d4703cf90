//! Drive health (硬盘健康) before a backup: the SMART verdict of the drive holding a
//! medium, read with `smartctl -H -A --json=c` (smartmontools 7 or later) when it is
//! installed. Whenever it cannot be read (no smartctl, a memory or network file system, a
//! disk image, a USB bridge that does not pass SMART through, no permission), the answer
//! says so plainly instead of guessing.

use std::path::Path;
use std::process::Command;

use serde::Serialize;
use serde_json::Value;

/// The health of the drive a medium is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DriveHealth {
    /// The whole disk, e.g. `/dev/sdb` (none when the path is on no local disk).
    pub device: Option<String>,
    pub model: Option<String>,
    /// The drive's overall SMART self-assessment; none when it could not be read.
    pub passed: Option<bool>,
    pub temperature_c: Option<i64>,
    pub power_on_hours: Option<i64>,
    /// ATA attribute 5 (Reallocated_Sector_Ct), raw value.
    pub reallocated_sectors: Option<i64>,
    /// One line for the clerk, in Chinese.
    pub summary_zh: String,
    /// Why the health is unknown, when it is.
    pub why_unknown: Option<String>,
}

impl DriveHealth {
    /// Health that could not be read, and why (a failing or unknown drive needs the
    /// clerk's confirmation before a backup is written to it).
    pub fn unknown(device: Option<String>, why: String) -> DriveHealth {
        DriveHealth {
            summary_zh: format!("硬盘健康（SMART）：无法读取——{why}。"),
            device,
            model: None,
            passed: None,
            temperature_c: None,
            power_on_hours: None,
            reallocated_sectors: None,
            why_unknown: Some(why),
        }
    }
}

/// The SMART health of the drive holding `path` (a medium's root), or why it is unknown.
pub fn drive_health(path: &Path) -> DriveHealth {
    match block_device(path) {
        Err(why) => DriveHealth::unknown(None, why),
        Ok(device) => match run_smartctl(&device, None) {
            Err(why) => DriveHealth::unknown(Some(device), why),
            // Many USB enclosures pass SMART through only when asked for SAT explicitly.
            Ok(json) if json.contains("USB bridge") => match run_smartctl(&device, Some("sat")) {
                Ok(sat) => parse_smartctl(&device, &sat),
                Err(_) => parse_smartctl(&device, &json),
            },
            Ok(json) => parse_smartctl(&device, &json),
        },
    }
}

/// The .deb's helper that reads SMART as root through pkexec (polkit action
/// `cn.dengji.smart.read`, allowed for the active desktop user without a password).
const HELPER: &str = "/usr/libexec/dengji/dengji-smart";

/// smartctl's JSON for `device`: as this user, and when that is denied (reading SMART
/// needs root), through the packaged helper.
fn run_smartctl(device: &str, kind: Option<&str>) -> Result<String, String> {
    let own = run_smartctl_here(device, kind)?;
    if !(own.contains("Permission denied") || own.contains("Operation not permitted")) || !Path::new(HELPER).exists() {
        return Ok(own);
    }
    let mut cmd = Command::new("pkexec");
    cmd.arg(HELPER).arg(device).args(kind);
    match cmd.output() {
        // smartctl's exit status is a bit mask of drive findings; its JSON is the answer.
        Ok(out) if out.stdout.starts_with(b"{") => Ok(String::from_utf8_lossy(&out.stdout).into_owned()),
        // No pkexec, no polkit agent, or refused: what smartctl said as this user stands.
        _ => Ok(own),
    }
}

fn run_smartctl_here(device: &str, kind: Option<&str>) -> Result<String, String> {
    // Debian keeps smartctl in /usr/sbin, which is not on an ordinary user's PATH.
    for program in ["smartctl", "/usr/sbin/smartctl"] {
        let mut cmd = Command::new(program);
        cmd.args(["-H", "-A", "--json=c"]);
        if let Some(k) = kind {
            cmd.args(["-d", k]);
        }
        match cmd.arg(device).output() {
            Ok(out) => return Ok(String::from_utf8_lossy(&out.stdout).into_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("无法运行 smartctl：{e}")),
        }
    }
    Err("本机未安装 smartctl（smartmontools 软件包，Debian/统信/麒麟上可用 apt install smartmontools 安装）".into())
}

/// Reads `smartctl -H -A --json=c` output for `device`.
fn parse_smartctl(device: &str, json: &str) -> DriveHealth {
    let device_name = Some(device.to_string());
    let Ok(v) = serde_json::from_str::<Value>(json) else {
        return DriveHealth::unknown(device_name, "smartctl 的输出无法解析（需要 smartmontools 7 或更新版本）".into());
    };
    let messages: Vec<&str> =
        v["smartctl"]["messages"].as_array().into_iter().flatten().filter_map(|m| m["string"].as_str()).map(str::trim).collect();
    let said = messages.join("；");
    let Some(passed) = v["smart_status"]["passed"].as_bool() else {
        let why = if said.contains("Permission denied") || said.contains("Operation not permitted") {
            format!("无权读取 {device}：需要 root（管理员）权限；安装包自带的读取助手（{HELPER}，经 pkexec 授权）也未能读取")
        } else if said.contains("USB bridge") {
            format!("{device} 所在的 USB 转接盒不转发 SMART 信息（{said}）")
        } else if said.contains("Unable to detect device type") {
            format!("smartctl 无法识别 {device} 的设备类型（虚拟磁盘或部分 USB 转接盒不提供 SMART）")
        } else if said.is_empty() {
            format!("smartctl 没有报告 {device} 的 SMART 状态（该设备可能不支持 SMART，或 SMART 已关闭）")
        } else {
            format!("smartctl 无法读取 {device}：{said}")
        };
        return DriveHealth::unknown(device_name, why);
    };
    let model = ["model_name", "model_family", "scsi_model_name"].iter().find_map(|k| v[*k].as_str()).map(|s| s.trim().to_string());
    let temperature_c = v["temperature"]["current"].as_i64();
    let power_on_hours = v["power_on_time"]["hours"].as_i64();
    let reallocated_sectors = v["ata_smart_attributes"]["table"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["id"].as_i64() == Some(5))
        .and_then(|a| a["raw"]["value"].as_i64());
    let mut facts = Vec::new();
    if let Some(m) = &model {
        facts.push(m.clone());
    }
    if let Some(t) = temperature_c {
        facts.push(format!("温度 {t}°C"));
    }
    if let Some(h) = power_on_hours {
        facts.push(format!("通电 {h} 小时"));
    }
    if let Some(r) = reallocated_sectors {
        facts.push(format!("重新分配扇区 {r} 个"));
    }
    let facts = if facts.is_empty() { String::new() } else { format!("（{}）", facts.join("，")) };
    let summary_zh = if !passed {
        format!("硬盘健康（SMART）：未通过{facts}。{device} 自检报告即将损坏：请不要用它备份，尽快把其中的备份转到新介质上。")
    } else if reallocated_sectors.is_some_and(|r| r > 0) {
        format!("硬盘健康（SMART）：通过{facts}，但已有坏扇区被替换：请留意，缩短检测周期，考虑更换。")
    } else {
        format!("硬盘健康（SMART）：通过{facts}。")
    };
    DriveHealth {
        device: device_name,
        model,
        passed: Some(passed),
        temperature_c,
        power_on_hours,
        reallocated_sectors,
        summary_zh,
        why_unknown: None,
    }
}

/// The whole disk (`/dev/sdb`) holding `path`, or why there is none.
#[cfg(target_os = "linux")]
fn block_device(path: &Path) -> Result<String, String> {
    let path = path.canonicalize().map_err(|e| format!("找不到 {}：{e}", path.display()))?;
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").map_err(|e| format!("无法读取挂载信息：{e}"))?;
    let mount = mount_of(&mountinfo, &path).ok_or_else(|| format!("找不到 {} 所在的文件系统", path.display()))?;
    if !mount.source.starts_with("/dev/") {
        return Err(format!(
            "{} 不在本机硬盘上（{} 文件系统，来源 {}：内存盘、网络共享或虚拟文件系统）",
            path.display(),
            mount.fstype,
            mount.source
        ));
    }
    let dev = Path::new(&mount.source).canonicalize().unwrap_or_else(|_| Path::new(&mount.source).to_path_buf());
    let name = dev.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let sys = Path::new("/sys/class/block").join(&name);
    let sys = if sys.exists() { sys } else { Path::new("/sys/dev/block").join(&mount.dev) };
    whole_disk(&sys, 0)
        .map(|d| format!("/dev/{d}"))
        .ok_or_else(|| format!("无法确定 {} 所在的硬盘（{}）", path.display(), mount.source))
        .and_then(|d| {
            if d.starts_with("/dev/loop") {
                Err(format!("{} 在磁盘映像文件上（{d}），不是一块真实的硬盘", path.display()))
            } else {
                Ok(d)
            }
        })
}

#[cfg(not(target_os = "linux"))]
fn block_device(_path: &Path) -> Result<String, String> {
    Err("本系统上暂不读取 SMART 信息（Windows 上可用硬盘厂商的工具或 smartctl 查看）".into())
}

/// The disk under a block device in sysfs: a partition's parent, a device-mapper
/// volume's first underlying device.
#[cfg(target_os = "linux")]
fn whole_disk(sys: &Path, depth: usize) -> Option<String> {
    let sys = sys.canonicalize().ok()?;
    if sys.join("partition").exists() {
        return sys.parent()?.file_name().map(|n| n.to_string_lossy().into_owned());
    }
    if depth < 8 {
        if let Some(slave) = std::fs::read_dir(sys.join("slaves")).ok().and_then(|mut d| d.next()).and_then(|e| e.ok()) {
            return whole_disk(&slave.path(), depth + 1);
        }
    }
    sys.file_name().map(|n| n.to_string_lossy().into_owned())
}

/// One line of /proc/self/mountinfo.
#[cfg(target_os = "linux")]
#[derive(Debug, PartialEq, Eq)]
struct Mount {
    /// `major:minor`
    dev: String,
    point: String,
    fstype: String,
    source: String,
}

/// The mount holding `path` (canonical): the one with the longest mount point above it.
#[cfg(target_os = "linux")]
fn mount_of(mountinfo: &str, path: &Path) -> Option<Mount> {
    mountinfo
        .lines()
        .filter_map(|line| {
            let (left, right) = line.split_once(" - ")?;
            let left: Vec<&str> = left.split(' ').collect();
            let mut right = right.split(' ');
            Some(Mount {
                dev: left.get(2)?.to_string(),
                point: unescape(left.get(4)?),
                fstype: right.next()?.to_string(),
                source: unescape(right.next()?),
            })
        })
        .filter(|m| path.starts_with(&m.point))
        // The last of equally long mount points is the one on top.
        .fold(None, |best: Option<Mount>, m| match &best {
            Some(b) if b.point.len() > m.point.len() => best,
            _ => Some(m),
        })
}

/// mountinfo writes space, tab, newline and backslash as `\040`-style octal escapes.
#[cfg(target_os = "linux")]
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1..i + 4).is_some_and(|o| o.iter().all(|c| (b'0'..=b'7').contains(c))) {
            out.push((b[i + 1] - b'0') * 64 + (b[i + 2] - b'0') * 8 + (b[i + 3] - b'0'));
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSING: &str = r#"{"json_format_version":[1,0],"smartctl":{"version":[7,3],"exit_status":0},
        "device":{"name":"/dev/sdb","type":"sat","protocol":"ATA"},"model_family":"Western Digital Blue","model_name":"WDC WD20EZBX-00AYRA0",
        "smart_status":{"passed":true},
        "ata_smart_attributes":{"revision":16,"table":[
            {"id":1,"name":"Raw_Read_Error_Rate","value":200,"worst":200,"thresh":51,"raw":{"value":0,"string":"0"}},
            {"id":5,"name":"Reallocated_Sector_Ct","value":200,"worst":200,"thresh":140,"raw":{"value":0,"string":"0"}},
            {"id":9,"name":"Power_On_Hours","value":99,"worst":99,"thresh":0,"raw":{"value":1234,"string":"1234"}}]},
        "power_on_time":{"hours":1234},"temperature":{"current":36}}"#;

    const FAILING: &str = r#"{"json_format_version":[1,0],"smartctl":{"version":[7,3],"exit_status":24,
        "messages":[{"string":"SMART overall-health self-assessment test result: FAILED!","severity":"error"}]},
        "model_name":"ST2000DM008-2FR102","smart_status":{"passed":false},
        "ata_smart_attributes":{"table":[{"id":5,"name":"Reallocated_Sector_Ct","value":1,"worst":1,"thresh":10,"raw":{"value":3912,"string":"3912"}}]},
        "power_on_time":{"hours":40211},"temperature":{"current":49}}"#;

    const WORN: &str = r#"{"smartctl":{"exit_status":0},"model_name":"WDC WD10EZEX","smart_status":{"passed":true},
        "ata_smart_attributes":{"table":[{"id":5,"raw":{"value":8}}]}}"#;

    const NVME: &str = r#"{"smartctl":{"exit_status":0},"device":{"name":"/dev/nvme0n1","protocol":"NVMe"},"model_name":"Samsung SSD 980 1TB",
        "smart_status":{"passed":true,"nvme":{"value":0}},"nvme_smart_health_information_log":{"media_errors":0},
        "temperature":{"current":41},"power_on_time":{"hours":877}}"#;

    const USB_BRIDGE: &str = r#"{"json_format_version":[1,0],"smartctl":{"version":[7,3],"argv":["smartctl","-H","-A","--json=c","/dev/sdc"],
        "messages":[{"string":"/dev/sdc: Unknown USB bridge [0x152d:0x0578 (0x214)]","severity":"error"},
        {"string":"Please specify device type with the -d option.","severity":"error"}],"exit_status":1}}"#;

    /// As smartctl 7.3 answered for this machine's virtio disk.
    const VIRTUAL: &str = r#"{"json_format_version":[1,0],"smartctl":{"version":[7,3],"svn_revision":"5338","argv":["smartctl","-H","-A","--json=c","/dev/vda"],
        "messages":[{"string":"/dev/vda: Unable to detect device type","severity":"error"}],"exit_status":1}}"#;

    const DENIED: &str = r#"{"smartctl":{"messages":[{"string":"Smartctl open device: /dev/sda failed: Permission denied","severity":"error"}],"exit_status":2}}"#;

    #[test]
    fn a_passing_disk_reports_its_facts() {
        let h = parse_smartctl("/dev/sdb", PASSING);
        assert_eq!(h.passed, Some(true));
        assert_eq!(h.model.as_deref(), Some("WDC WD20EZBX-00AYRA0"));
        assert_eq!((h.temperature_c, h.power_on_hours, h.reallocated_sectors), (Some(36), Some(1234), Some(0)));
        assert_eq!(h.why_unknown, None);
        assert_eq!(h.summary_zh, "硬盘健康（SMART）：通过（WDC WD20EZBX-00AYRA0，温度 36°C，通电 1234 小时，重新分配扇区 0 个）。");
        let nvme = parse_smartctl("/dev/nvme0n1", NVME);
        assert_eq!((nvme.passed, nvme.temperature_c, nvme.reallocated_sectors), (Some(true), Some(41), None));
        assert!(parse_smartctl("/dev/sdb", WORN).summary_zh.contains("坏扇区"));
    }

    #[test]
    fn a_failing_disk_says_not_to_use_it() {
        let h = parse_smartctl("/dev/sdb", FAILING);
        assert_eq!((h.passed, h.reallocated_sectors, h.power_on_hours), (Some(false), Some(3912), Some(40211)));
        assert!(h.summary_zh.contains("未通过") && h.summary_zh.contains("请不要用它备份"), "{}", h.summary_zh);
    }

    #[test]
    fn unreadable_drives_say_why() {
        for (json, says) in
            [(USB_BRIDGE, "USB 转接盒"), (VIRTUAL, "无法识别"), (DENIED, "root"), ("not json", "无法解析"), ("{}", "没有报告")]
        {
            let h = parse_smartctl("/dev/sdc", json);
            assert_eq!(h.passed, None);
            let why = h.why_unknown.expect("a reason");
            assert!(why.contains(says), "{why}");
            assert!(h.summary_zh.contains("无法读取") && h.summary_zh.contains(&why), "{}", h.summary_zh);
        }
    }

    #[test]
    fn the_mount_of_a_path_is_the_deepest_one_above_it() {
        let info = "22 27 0:21 / /proc rw,relatime - proc proc rw\n\
                    27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n\
                    60 27 8:17 / /media/备份\\040盘 rw,nosuid shared:1 - exfat /dev/sdb1 rw\n\
                    61 27 0:50 / /tmp/m rw - tmpfs tmpfs rw,size=2048k\n\
                    62 61 0:51 / /tmp/m rw - tmpfs tmpfs rw,size=4096k\n";
        let at = |p: &str| mount_of(info, Path::new(p)).map(|m| (m.point, m.fstype, m.source, m.dev));
        assert_eq!(at("/media/备份 盘/bags"), Some(("/media/备份 盘".into(), "exfat".into(), "/dev/sdb1".into(), "8:17".into())));
        assert_eq!(at("/media/备份"), Some(("/".into(), "ext4".into(), "/dev/vda".into(), "254:0".into())));
        assert_eq!(at("/tmp/m/x").map(|m| m.3), Some("0:51".into()));
        assert_eq!(unescape(r"a\040b\134c\011"), "a b\\c\t");
    }
}
