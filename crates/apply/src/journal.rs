//! The apply journal: one JSON record per line, appended and fsync'd before the call it
//! announces (intent) and after its answer (result), so a run killed at any instant can be
//! resumed knowing exactly which writes landed, which did not, and which are in doubt.
//!
//! A crash can tear only the last line; reading ignores a final line without its newline and
//! refuses any other damage (a journal that lies is worse than none).

use pageport_model::{PageId, PageType, PageWidgetsKey, WidgetTemplateUuid};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Problems with the journal file.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// The file could not be read or written.
    #[error("cannot access journal `{path}`")]
    Io {
        /// The journal file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A line other than a torn last one does not parse.
    #[error("journal `{path}` is damaged at line {line}: {message}")]
    Damaged {
        /// The journal file.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// One write operation, as the journal names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Operation {
    /// Creating a widget template from its source definition.
    CreateTemplate {
        /// The source uuid.
        source_uuid: WidgetTemplateUuid,
        /// The template name (its natural key in the target channel).
        name: String,
    },
    /// Updating a matched widget template to its source definition, as a new version.
    UpdateTemplate {
        /// The source uuid.
        source_uuid: WidgetTemplateUuid,
        /// The target template.
        target_uuid: WidgetTemplateUuid,
        /// The template name.
        name: String,
    },
    /// Creating pages in one bulk call.
    CreatePages {
        /// The source ids of the pages in the batch.
        source_ids: Vec<PageId>,
        /// Their names, in the same order (with the target channel, their natural key), so a
        /// create left in doubt can be looked up without the plan.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        names: Vec<String>,
        /// Their types, in the same order (journals written before this field have none).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        page_types: Vec<PageType>,
    },
    /// Updating pages in one bulk call.
    UpdatePages {
        /// The target ids of the pages in the batch.
        target_ids: Vec<PageId>,
    },
    /// Publishing (replacing) one page-widget document.
    PublishDocument {
        /// The target document.
        key: PageWidgetsKey,
    },
    /// Deleting pages (restore of created pages).
    DeletePages {
        /// The target ids.
        target_ids: Vec<PageId>,
    },
}

/// How a journaled write ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Every item landed.
    Done,
    /// Some items landed, some did not (each failure with its message).
    Partial {
        /// Failed items and why: by source page id for creates, by target page id for updates.
        failed: BTreeMap<String, String>,
    },
    /// Nothing landed.
    Failed {
        /// Why.
        message: String,
    },
}

impl Outcome {
    /// The outcome of a write of `items` items from its failures (by item key): done when none
    /// failed, failed when all failed for one reason, partial otherwise.
    pub fn from_failures(items: usize, failed: BTreeMap<String, String>) -> Self {
        let mut messages = failed.values();
        match messages.next() {
            None => Outcome::Done,
            Some(first) if failed.len() == items && messages.all(|m| m == first) => {
                Outcome::Failed {
                    message: first.clone(),
                }
            }
            Some(_) => Outcome::Partial { failed },
        }
    }
}

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Record {
    /// A run began (or resumed) for a plan.
    RunStarted {
        /// The fingerprint of the plan being applied.
        plan_fingerprint: String,
        /// When, RFC 3339.
        at: String,
    },
    /// The backup of everything the run will change is durable.
    BackupDurable {
        /// How many objects it holds.
        objects: usize,
    },
    /// A write is about to be sent.
    Intent {
        /// The operation's number within the run.
        seq: u64,
        /// What is written.
        operation: Operation,
    },
    /// A write's answer arrived.
    Result {
        /// The intent's number.
        seq: u64,
        /// How it ended.
        outcome: Outcome,
        /// Source page id → new target page id, for created pages (a list of pairs: map keys
        /// would turn into strings inside this internally tagged record).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        created_pages: Vec<(PageId, PageId)>,
        /// Source uuid → new target uuid, for created templates.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        created_templates: Vec<(WidgetTemplateUuid, WidgetTemplateUuid)>,
    },
    /// The run ended.
    RunFinished {
        /// `true` when every planned write landed.
        complete: bool,
    },
    /// The run's backup was put back (`restore`); the run is closed and never resumed.
    Restored {
        /// `true` when every object of the backup was put back.
        complete: bool,
    },
}

/// An open journal, appending durably.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
    next_seq: u64,
}

impl Journal {
    /// Opens (creating if needed) the journal at `path` and replays what it holds.
    pub fn open(path: &Path) -> Result<(Self, JournalState), JournalError> {
        let state = if path.exists() {
            JournalState::replay(&read_records(path)?)
        } else {
            JournalState::default()
        };
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|source| io(path, source))?;
        let journal = Self {
            path: path.to_owned(),
            file,
            next_seq: state.last_seq + 1,
        };
        Ok((journal, state))
    }

    /// Appends a record and waits until it is on disk.
    pub fn append(&mut self, record: &Record) -> Result<(), JournalError> {
        let mut line = serde_json::to_string(record).map_err(|e| JournalError::Damaged {
            path: self.path.clone(),
            line: 0,
            message: e.to_string(),
        })?;
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|source| io(&self.path, source))
    }

    /// Journals the intent of a write and returns its number, for the matching result.
    pub fn intent(&mut self, operation: Operation) -> Result<u64, JournalError> {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.append(&Record::Intent { seq, operation })?;
        Ok(seq)
    }

    /// Journals the answer of intent `seq`, with the pages and templates it created.
    pub fn result(
        &mut self,
        seq: u64,
        outcome: Outcome,
        created_pages: Vec<(PageId, PageId)>,
        created_templates: Vec<(WidgetTemplateUuid, WidgetTemplateUuid)>,
    ) -> Result<(), JournalError> {
        self.append(&Record::Result {
            seq,
            outcome,
            created_pages,
            created_templates,
        })
    }
}

/// What a journal says happened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalState {
    /// The plan fingerprint of the last run start.
    pub plan_fingerprint: Option<String>,
    /// Whether the backup was made durable.
    pub backup_durable: bool,
    /// Every page the journal says was created: source id → target id.
    pub created_pages: BTreeMap<PageId, PageId>,
    /// Every template the journal says was created: source uuid → target uuid.
    pub created_templates: BTreeMap<WidgetTemplateUuid, WidgetTemplateUuid>,
    /// Target ids of the created pages, in the order they were created (restore deletes them
    /// in reverse, children before parents).
    pub created_in_order: Vec<PageId>,
    /// Target pages whose update was answered as applied.
    pub updated_pages: BTreeSet<PageId>,
    /// Target documents whose publish was answered as applied.
    pub published: BTreeSet<PageWidgetsKey>,
    /// Target widget templates whose update was answered (or settled) as applied.
    pub updated_templates: BTreeSet<WidgetTemplateUuid>,
    /// Target widget templates an update was sent for, whatever its answer.
    pub touched_templates: BTreeSet<WidgetTemplateUuid>,
    /// Target pages an update was sent for, whatever its answer (they may have changed).
    pub touched_pages: BTreeSet<PageId>,
    /// Target documents a publish was sent for, whatever its answer (they may have changed).
    pub touched_documents: BTreeSet<PageWidgetsKey>,
    /// Operations whose answer arrived, by intent number.
    pub answered: BTreeMap<u64, (Operation, Outcome)>,
    /// Operations sent without a recorded answer (intent number and operation): their
    /// outcome is unknown.
    pub in_doubt: Vec<(u64, Operation)>,
    /// How many writes were announced.
    pub writes: usize,
    /// `Some(complete)` when the last run finished.
    pub finished: Option<bool>,
    /// Whether the run's backup was put back.
    pub restored: bool,
    /// The highest intent number used.
    pub last_seq: u64,
}

impl JournalState {
    /// Folds the records into the state they describe.
    pub fn replay(records: &[Record]) -> Self {
        let mut state = Self::default();
        let mut open: BTreeMap<u64, Operation> = BTreeMap::new();
        for record in records {
            match record {
                Record::RunStarted {
                    plan_fingerprint, ..
                } => {
                    state.plan_fingerprint = Some(plan_fingerprint.clone());
                    state.finished = None;
                }
                Record::BackupDurable { .. } => state.backup_durable = true,
                Record::Intent { seq, operation } => {
                    state.last_seq = state.last_seq.max(*seq);
                    state.writes += 1;
                    match operation {
                        Operation::UpdatePages { target_ids } => {
                            state.touched_pages.extend(target_ids.iter().copied());
                        }
                        Operation::PublishDocument { key } => {
                            state.touched_documents.insert(key.clone());
                        }
                        Operation::UpdateTemplate { target_uuid, .. } => {
                            state.touched_templates.insert(target_uuid.clone());
                        }
                        _ => {}
                    }
                    open.insert(*seq, operation.clone());
                }
                Record::Result {
                    seq,
                    outcome,
                    created_pages,
                    created_templates,
                } => {
                    for (source, target) in created_pages {
                        state.created_pages.insert(*source, *target);
                        if !state.created_in_order.contains(target) {
                            state.created_in_order.push(*target);
                        }
                    }
                    state.created_templates.extend(
                        created_templates
                            .iter()
                            .map(|(s, t)| (s.clone(), t.clone())),
                    );
                    if let Some(operation) = open.remove(seq) {
                        state.record_applied(&operation, outcome);
                        state.answered.insert(*seq, (operation, outcome.clone()));
                    }
                }
                Record::RunFinished { complete } => state.finished = Some(*complete),
                Record::Restored { .. } => state.restored = true,
            }
        }
        state.in_doubt = open.into_iter().collect();
        state
    }

    /// The state of the writes made since the plan with `plan_fingerprint` was first applied
    /// in this run (empty when it never was): what that plan's earlier attempts already did.
    pub fn since_plan(records: &[Record], plan_fingerprint: &str) -> Self {
        let start = records.iter().position(|record| {
            matches!(record, Record::RunStarted { plan_fingerprint: f, .. } if f == plan_fingerprint)
        });
        match start {
            Some(start) => Self::replay(&records[start..]),
            None => Self::default(),
        }
    }

    /// True when the run was interrupted: neither finished nor restored.
    pub fn is_unfinished(&self) -> bool {
        self.finished.is_none() && !self.restored
    }

    /// Notes the pages and documents an answered update or publish applied.
    fn record_applied(&mut self, operation: &Operation, outcome: &Outcome) {
        let failed = match outcome {
            Outcome::Done => None,
            Outcome::Partial { failed } => Some(failed),
            Outcome::Failed { .. } => return,
        };
        let landed = |id: &str| failed.is_none_or(|failed| !failed.contains_key(id));
        match operation {
            Operation::UpdatePages { target_ids } => self.updated_pages.extend(
                target_ids
                    .iter()
                    .filter(|id| landed(&id.to_string()))
                    .copied(),
            ),
            Operation::PublishDocument { key } => {
                self.published.insert(key.clone());
            }
            Operation::UpdateTemplate { target_uuid, .. } => {
                self.updated_templates.insert(target_uuid.clone());
            }
            _ => {}
        }
    }

    /// Target ids of every page the journal says was created.
    pub fn created_page_ids(&self) -> BTreeSet<PageId> {
        self.created_pages.values().copied().collect()
    }
}

/// Reads every record; a torn final line (no newline) is ignored, any other bad line refused.
pub fn read_records(path: &Path) -> Result<Vec<Record>, JournalError> {
    let text = std::fs::read_to_string(path).map_err(|source| io(path, source))?;
    let complete = text.ends_with('\n');
    let lines: Vec<&str> = text.lines().collect();
    let mut records = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        let last = index + 1 == lines.len();
        match serde_json::from_str::<Record>(line) {
            Ok(record) => records.push(record),
            Err(_) if last && !complete => {
                tracing::warn!(path = %path.display(), "ignoring a torn last journal line");
            }
            Err(error) => {
                return Err(JournalError::Damaged {
                    path: path.to_owned(),
                    line: index + 1,
                    message: error.to_string(),
                });
            }
        }
    }
    Ok(records)
}

fn io(path: &Path, source: std::io::Error) -> JournalError {
    JournalError::Io {
        path: path.to_owned(),
        source,
    }
}

#[cfg(test)]
mod tests;
