//! What the center marks on a request after registration: an emergency
//! found later (Art. 29, often a hot spot of many calls about one outage)
//! and the tags of SPEC §2.

use super::actor::Context;
use super::deadline::{deadline, notify_by, TimeLimit};
use super::event::{Event, EventKind};
use super::refusal::Refusal;
use super::request::{EmergencyNotice, Request, State};
use super::types::{Note, Tag};
use super::{cn_date, EventSink};

impl Request {
    /// Art. 29: from now on an emergency. The 2-working-day limit counts from
    /// the marking and replaces the running deadline when it is earlier (an
    /// emergency never gets more time by being found late). Units already
    /// working on it are told with this event; otherwise the 30-minute notice
    /// clock starts now and the dispatch stops it.
    pub(crate) fn mark_emergency(&mut self, reason: Note, ev: &EventSink, ctx: &Context) -> Vec<Event> {
        let emergency_due = deadline(ctx.calendar, TimeLimit::Emergency, ev.at);
        if emergency_due.last_day < self.due.last_day {
            self.due = emergency_due;
        }
        self.limit = TimeLimit::Emergency;
        let notify_by = notify_by(ev.at);
        let dispatched = matches!(self.state, State::InProgress);
        self.emergency = Some(EmergencyNotice {
            notify_by,
            notified_at: dispatched.then_some(ev.at),
        });
        let public = format!("您反映的事项已按突发事件办理，办理期限至{}。", cn_date(self.due.last_day));
        let mut events = vec![ev.event(
            EventKind::EmergencyMarked {
                reason: reason.clone(),
                due: self.due.last_day,
                notify_by,
            },
            Some(public),
            Some(format!("Art. 29: {reason}")),
        )];
        if dispatched {
            events.push(ev.event(EventKind::EmergencyNotified { within_30_minutes: true }, None, None));
        }
        events
    }

    pub(crate) fn tag(&mut self, tag: Tag, ev: &EventSink) -> Result<Vec<Event>, Refusal> {
        if !self.tags.insert(tag) {
            return Err(Refusal::AlreadyTagged {
                tag: tag.label().to_string(),
            });
        }
        Ok(vec![ev.event(EventKind::Tagged { tag }, None, None)])
    }
}
