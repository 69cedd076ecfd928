//! What the center marks on a request after registration: an emergency
//! found later (Art. 29, often a hot spot of many calls about one outage)
//! and the tags of SPEC §2.

use super::actor::Context;
use super::deadline::{deadline, notify_by, TimeLimit};
use super::event::{Event, EventKind};
use crate::domain::data_rights::{CorrectionRefusal, CorrectionWish, HeldData};
use super::refusal::Refusal;
use super::request::{EmergencyNotice, ForceMajeure, Request, State};
use super::types::{Address, Content, EmergencyKind, Label, Note, PersonName, Reference, Tag};
use super::{calendar_note, cn_due, notes, EventSink};

impl Request {
    /// Art. 29: from now on an emergency. The 2-working-day limit counts from
    /// the marking and replaces the running deadline when it is earlier (an
    /// emergency never gets more time by being found late). Units already
    /// working on it are told with this event; otherwise the 30-minute notice
    /// clock starts now and the dispatch stops it.
    pub(crate) fn mark_emergency(&mut self, reason: Note, kind: EmergencyKind, ev: &EventSink, ctx: &Context) -> Vec<Event> {
        let emergency_due = deadline(ctx.calendar, TimeLimit::Emergency, ev.at);
        if emergency_due.last_day < self.due.last_day {
            self.due = emergency_due;
        }
        self.limit = TimeLimit::Emergency;
        let notify_by = notify_by(ev.at);
        let dispatched = matches!(self.state, State::InProgress);
        self.emergency = Some(EmergencyNotice {
            kind: Some(kind),
            notify_by,
            notified_at: dispatched.then_some(ev.at),
            force_majeure: None,
            leader_reports: 0,
        });
        let public = format!("您反映的事项已按突发事件办理，办理期限至{}。", cn_due(&self.due));
        let mut events = vec![ev.event(
            EventKind::EmergencyMarked {
                reason: reason.clone(),
                due: self.due.last_day,
                notify_by,
            },
            Some(public),
            notes([Some(format!("突发事项类别：{}", kind.label())), calendar_note(&self.due)]),
        )];
        if dispatched {
            events.push(ev.event(EventKind::EmergencyNotified { within_30_minutes: true }, None, None));
        }
        events
    }

    /// Art. 29, last sentence: force majeure excuses an emergency's lateness.
    /// The finding is recorded with who made it; the overdue supervision of
    /// Art. 31(5) stops for this request, its clocks still show the truth.
    pub(crate) fn find_force_majeure(
        &mut self,
        reason: Note,
        evidence: Note,
        attachment: Option<Reference>,
        ev: &EventSink,
    ) -> Vec<Event> {
        if let Some(notice) = self.emergency.as_mut() {
            notice.force_majeure = Some(ForceMajeure {
                reason: reason.clone(),
                evidence: evidence.clone(),
                attachment: attachment.clone(),
                decided_by: ev.actor.user.clone(),
                at: ev.at,
            });
        }
        let public = "您反映的突发事项受自然灾害等不可抗力影响，暂不能在规定期限内办结，有关单位将继续处置。".to_string();
        vec![ev.event(
            EventKind::ForceMajeureFound { reason: reason.clone(), evidence, attachment },
            Some(public),
            None,
        )]
    }

    /// Art. 29: a report to the bureau's main leader — the first, then the
    /// follow-ups while the emergency runs. Staff only: no public text.
    pub(crate) fn report_emergency(&mut self, to: Label, report: Content, ev: &EventSink) -> Vec<Event> {
        let follow_up = match self.emergency.as_mut() {
            Some(notice) => {
                notice.leader_reports += 1;
                notice.leader_reports > 1
            }
            None => false,
        };
        vec![ev.event(EventKind::EmergencyReported { to, report, follow_up }, None, None)]
    }

    pub(crate) fn tag(&mut self, tag: Tag, ev: &EventSink) -> Result<Vec<Event>, Refusal> {
        if !self.tags.insert(tag) {
            return Err(Refusal::AlreadyTagged {
                tag: tag.label().to_string(),
            });
        }
        Ok(vec![ev.event(EventKind::Tagged { tag }, None, None)])
    }

    /// Art. 3 (归档): read-only from now on; the timeline says so.
    pub(crate) fn archive(&mut self, ev: &EventSink) -> Vec<Event> {
        self.archived_at = Some(ev.at);
        vec![ev.event(EventKind::Archived, Some("事项已归档。".into()), None)]
    }

    /// Art. 40, PIPL: the requester's personal data goes, the request stays:
    /// name, number, ID, organisation, the street address and the photos.
    /// The county and township stay for the statistics.
    pub(crate) fn erase_requester_data(&mut self, ev: &EventSink) -> Vec<Event> {
        self.requester = super::types::Requester::erased();
        if let Some(place) = self.location.as_mut() {
            place.erase_address();
        }
        let photos = std::mem::take(&mut self.attachments);
        self.erased_at = Some(ev.at);
        vec![ev.event(EventKind::RequesterDataErased { photos }, None, None)]
    }

    /// PIPL Art. 46: the requester's name or street address as they asked.
    /// A new street address drops the map position, which pointed at the
    /// old one. The event names the fields, never the values (Art. 40).
    pub(crate) fn correct_requester_data(
        &mut self,
        name: Option<PersonName>,
        address: Option<Address>,
        ev: &EventSink,
    ) -> Result<Vec<Event>, Refusal> {
        // The same comparison as the requester's application: only what differs.
        let wish = CorrectionWish { name, address }.against(HeldData::of(self)).map_err(|r| match r {
            CorrectionRefusal::Erased => Refusal::AlreadyErased,
            _ => Refusal::NothingToCorrect,
        })?;
        let fields = wish.fields();
        if let Some(name) = wish.name {
            self.requester.name = Some(name);
        }
        if let (Some(address), Some(place)) = (wish.address, self.location.as_mut()) {
            place.correct_address(address);
        }
        let words: Vec<&str> = fields.iter().map(|f| f.label()).collect();
        let public = format!("应您的申请，更正了您的个人信息（{}）。", words.join("、"));
        Ok(vec![ev.event(EventKind::RequesterDataCorrected { fields }, Some(public), None)])
    }
}
