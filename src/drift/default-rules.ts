/**
 * The rules drift starts from (turned off by `--no-default-rules`, changed rule by rule with
 * `drop` in a rules file). Written in the rules-file syntax so users see exactly what is in force
 * (`repro-check drift --help` prints them). Sources: the drift section of the team's field notes,
 * which gathers the exclusions AIDE's and Tripwire/Wazuh's stock configurations ship, and the
 * defaults of libguestfs virt-diff (directory times and link counts are noise). Whatever they cover,
 * security-relevant changes (security-classes.ts) stay drift: see compareDrift.
 */
export const DEFAULT_RULES_TEXT = `# Pseudo and runtime file systems: their content exists only while the machine runs.
ignore /proc
ignore /sys
ignore /dev
ignore /run
ignore /var/run
ignore /tmp
ignore /var/tmp
ignore /lost+found
ignore /swapfile
ignore /swap.img

# Growing, rotated and runtime content: type, owner and mode of files on both sides are still
# checked; content, size, times and link counts are expected to change, and files come and go
# with rotation. No default hides a security-relevant change (setuid, setgid, capabilities,
# world-writable, crontabs under /var/spool/cron, …): see docs/manifest.md.
ignore /var/log/** added removed content size mtime nlink
ignore /var/cache/** added removed content size mtime nlink
ignore /var/spool/** added removed content size mtime nlink
ignore /var/lib/logrotate.status content size mtime
ignore /var/lib/logrotate/status content size mtime
ignore /var/lib/dhcp/*.leases added removed content size mtime
ignore /var/lib/dhclient/* added removed content size mtime
ignore /var/lib/NetworkManager/*.lease added removed content size mtime
ignore /etc/mtab content size mtime
ignore /etc/adjtime content size mtime
ignore /etc/resolv.conf content size mtime
ignore /etc/passwd- added removed content size mtime
ignore /etc/shadow- added removed content size mtime
ignore /etc/group- added removed content size mtime
ignore /etc/gshadow- added removed content size mtime
ignore **/.bash_history added removed content size mtime
ignore **/.zsh_history added removed content size mtime
ignore **/.python_history added removed content size mtime
ignore **/.lesshst added removed content size mtime
ignore **/.viminfo added removed content size mtime

# Noise everywhere (virt-diff's defaults): a directory's time and link count change whenever an
# entry is added or removed inside it, which is reported on its own.
ignore /** mtime nlink type=dir
`;
