#!/usr/bin/env bash
# slurm-local.sh up | down | status -- a real single-node Slurm cluster on localhost, for the tests.
# As root, no systemd, no cgroups: installs Debian's slurm + munge when missing, writes
# /etc/slurm/slurm.conf, starts munged (unless one already answers), slurmctld and slurmd, and waits
# until the node is idle. `down` stops only the daemons this script started (pid files under $BASE).
# Recipe: ../shared/reference/slurm-local.md (Debian 12, Slurm 22.05).
set -euo pipefail
BASE=${SLURM_LOCAL_DIR:-/tmp/slurm-local}
CMD=${1:-up}
export DEBIAN_FRONTEND=noninteractive
log() { echo "[slurm-local] $*" >&2; }

# Stops the daemon in pid file $1 if that pid still runs program $2; a zombie counts as stopped.
stop_pid() {
  local f=$1 p; [[ -s $f ]] || return 0; p=$(cat "$f")
  if [[ $(ps -o comm= -p "$p" 2>/dev/null) == "$2" ]]; then
    kill "$p" 2>/dev/null || true
    for _ in $(seq 120); do [[ $(ps -o stat= -p "$p" 2>/dev/null) == [^Z]* ]] || break; sleep 0.1; done
    if [[ $(ps -o stat= -p "$p" 2>/dev/null) == [^Z]* ]]; then log "killing -9 $2 $p"; kill -9 "$p" || true; fi
  fi
  rm -f "$f"
}

# Polls "$@" every 0.25 s for up to $1 seconds.
wait_for() {
  local t=$1; shift
  for _ in $(seq $((t * 4))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  log "timeout after ${t}s waiting for: $*"; return 1
}

down() { for d in slurmd slurmctld munged; do stop_pid "$BASE/$d.pid" "$d"; done; }

install_pkgs() {
  local want=(slurmctld slurmd slurm-client munge) missing=() p
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  [[ $(id -u) == 0 ]] || { log "need root to install ${missing[*]}"; exit 1; }
  log "installing ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  # "policy-rc.d denied execution of start" is expected: the daemons are started by hand below.
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

start_munge() {
  [[ -s /etc/munge/munge.key ]] || mungekey --create --keyfile=/etc/munge/munge.key
  chown munge:munge /etc/munge/munge.key; chmod 0400 /etc/munge/munge.key
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then log "munged already running (not ours, left alone)"; return 0; fi
  install -d -o munge -g munge -m 0755 /run/munge
  runuser -u munge -- /usr/sbin/munged            # forks and writes /run/munge/munged.pid
  wait_for 10 bash -c 'munge -n | unmunge'
  cp /run/munge/munged.pid "$BASE/munged.pid"
}

write_conf() {
  local host node; host=$(hostname -s); node=$(slurmd -C | head -1)   # slurmd's own view of the cores
  mkdir -p /etc/slurm
  cat >/etc/slurm/slurm.conf <<CONF
ClusterName=localci
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$BASE/state
SlurmdSpoolDir=$BASE/spool
SlurmctldPidFile=$BASE/slurmctld.pid
SlurmdPidFile=$BASE/slurmd.pid
SlurmctldLogFile=$BASE/log/slurmctld.log
SlurmdLogFile=$BASE/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
MinJobAge=3600
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$BASE/log/jobcomp.txt
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
}

up() {
  down; install_pkgs
  rm -rf "$BASE/state" "$BASE/spool"; mkdir -p "$BASE/state" "$BASE/spool" "$BASE/log"
  start_munge; write_conf
  slurmctld; wait_for 30 bash -c 'scontrol ping | grep -q UP'        # daemonizes, writes its pid file
  slurmd;    wait_for 60 bash -c '[[ $(sinfo -h -o %T) == idle ]]'
  sinfo
}

case $CMD in
  up) up ;;
  down) down ;;
  status) sinfo && squeue ;;
  *) echo "usage: $0 up | down | status" >&2; exit 2 ;;
esac
