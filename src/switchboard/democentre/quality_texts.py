"""The demo's contact texts, so the evaluation form has something to read beside the contact.

- Every evaluated chat and e-mail gets a short transcript, picked by its reason (disposition)
  from the templates below; the opening line varies with the contact and the seed.
- The six calibration calls get transcripts that tell the story
  :mod:`switchboard.democentre.quality_calibration` scores: a model call, a rambling one, an
  ID&V miss, an unhappy change of details, a vulnerable customer whose card number was read
  back, and a weak call.
- About half the other evaluated calls get the agent's notes, by reason.

The customers are "Customer" and the agents "Agent": no names, no account or card numbers.
Card payments go to the secure payment line or page, as PCI DSS asks; the one card number read
back (a calibration call's failure) shows only as redacted, as a recorder that masks it would.
Nothing is added twice: a contact that has a text of the kind already keeps it.
"""

from sqlalchemy.orm import Session

from switchboard.audit import service as audit_service
from switchboard.democentre import quality_texts_repository as repository
from switchboard.ingest import texts as texts_service
from switchboard.ingest.texts_repository import TextValues
from switchboard.interactions.models import Interaction, TextKind
from switchboard.people.models import Channel

Lines = tuple[str, ...]
"""A transcript's turns, each ``"Customer: ..."`` or ``"Agent: ..."``."""

OPENINGS: dict[Channel, Lines] = {
    Channel.CHAT: ("Agent: Hello, thanks for getting in touch. How can I help today?",
                   "Agent: Hi, you're through to the chat team. What can I do for you?"),
    Channel.EMAIL: ("Agent: Thank you for your e-mail.", "Agent: Thanks for writing to us."),
    Channel.VOICE: ("Agent: Good morning, thanks for calling, how can I help?",
                    "Agent: Good afternoon, you're through to customer services."),
}  # fmt: skip
"""Each channel's first agent line; e-mail replies follow the customer's message instead."""

CHAT: dict[str, Lines] = {
    "online banking login": (
        "Customer: My online banking says my login is locked.",
        "Agent: Sorry about that. Please don't share your passcode here. I've sent a one-time code to the mobile number we hold; can you read me the first three digits?",
        "Customer: Done, got it.",
        "Agent: Thanks, that's you verified. I've unlocked your login; you'll be asked to set a new passcode.",
        "Customer: That worked, I'm in. Thanks!",
    ),
    "app help": (
        "Customer: The app keeps crashing when I open my statements.",
        "Agent: That's frustrating. Which version of the app are you on? It's under Settings, About.",
        "Customer: It says an older one, I think.",
        "Agent: An update last week fixed that. Please update from the app store and try again.",
        "Customer: Updated, statements open now.",
    ),
    "payment query": (
        "Customer: I want to pay off my credit card with my debit card. Can I give you the number here?",
        "Agent: Please don't type any card numbers in the chat. I'll send you a link to our secure payment page instead.",
        "Customer: OK, got the link.",
        "Agent: Once it's done the payment shows on the card within the day. Anything else I can help with?",
        "Customer: No, that's all.",
    ),
    "change of details": (
        "Customer: I've moved house and need to update my address.",
        "Agent: Congratulations on the move. For your security I'll need to verify you first; I've sent a code to the app.",
        "Customer: Approved it.",
        "Agent: Thanks. I've updated the address; a confirmation letter goes to the new one and the old one.",
        "Customer: Great, thank you.",
    ),
}  # fmt: skip

EMAIL: dict[str, Lines] = {
    "document request": (
        "Customer: Please could you send me a letter confirming my account is open, for my letting agent.",
        "Agent: I've requested an account confirmation letter; it will arrive by post within five working days.",
        "Agent: Once you've signed in, you can also download it from Documents in online banking.",
    ),
    "complaint": (
        "Customer: I'm unhappy that my branch appointment was cancelled twice without notice.",
        "Agent: I'm sorry we let you down. I've logged this as a complaint and you'll get our final response within eight weeks, most likely much sooner.",
        "Agent: I've also booked a new appointment and asked the branch to call you to confirm it.",
    ),
    "change of details": (
        "Customer: I've changed my phone number, please update it.",
        "Agent: For your security we can't change contact details by e-mail. Please update it in the app under Profile, or call us and we'll do it once we've verified you.",
    ),
    "statement request": (
        "Customer: Can you send me paper statements for the last three months?",
        "Agent: I've ordered paper copies of your last three statements; they'll arrive within seven working days.",
        "Agent: There's no charge for statements in the last twelve months.",
    ),
}  # fmt: skip

CALIBRATION: tuple[Lines, ...] = (
    (  # the model call
        "Agent: Good morning, thanks for calling, you're through to customer services. How can I help?",
        "Customer: I'd like to make a payment to my credit card.",
        "Agent: Of course. Before we go on, I'll just verify you. Can you confirm your date of birth and the first line of your address?",
        "Agent: Thank you. To keep your card details safe I'll pass you to our secure payment line; you'll key the card number in yourself and I won't hear it. I'll stay on the line.",
        "Customer: Done, it says the payment went through.",
        "Agent: That's all showing this end. To sum up, the payment's made and shows on the card today. Is there anything else I can help with?",
    ),
    (  # the rambling call
        "Agent: Hi, customer services.",
        "Customer: I think a direct debit went out twice, or maybe it's my gym, I'm not sure.",
        "Agent: Right, so, direct debits, they can be a bit confusing. Let me have a look... bear with me.",
        "Agent: Sorry, still looking. So there's a few on here. Which one was it again?",
        "Customer: The gym one, I said.",
        "Agent: OK, that one went once. Anyway, is that everything? Bye then.",
    ),
    (  # the ID&V miss
        "Agent: Good afternoon, thanks for calling, how can I help?",
        "Customer: I just want to know my balance.",
        "Agent: No problem, I can see the account here; the balance is showing as in credit.",
        "Agent: Oh, I should have asked: can you confirm your date of birth for me?",
        "Customer: Sure.",
    ),
    (  # the unhappy change of details
        "Agent: Good morning, thanks for calling, how can I help?",
        "Customer: I've asked twice for my name to be changed after my marriage and it still hasn't happened. This is ridiculous.",
        "Agent: I'm sorry, that shouldn't have happened. Let me verify you, and I'll log this as a complaint as well as making the change.",
        "Customer: Fine. But I need to know it's actually done this time.",
        "Agent: I've logged the complaint and raised the change; the team will update it within two days.",
    ),
    (  # the vulnerable customer, card number read back
        "Agent: Good afternoon, thanks for calling, how can I help?",
        "Customer: Sorry, I get confused with the app since my husband died, and I need to pay my card bill.",
        "Agent: I'm so sorry for your loss, and please take all the time you need. I can add a note so we always give you extra support.",
        "Customer: That would help, thank you. Here's the card number.",
        "Agent: Let me read that back to you: [card number redacted by the recorder].",
        "Agent: That's the payment made. I've added the support note and I'll send the details by post too.",
    ),
    (  # the weak call
        "Agent: Yeah, hello?",
        "Customer: I asked for a statement two weeks ago and it never came, I'm not happy.",
        "Agent: It'll come. Statements take ages.",
        "Customer: I can't read small print very well, could you send a large print one?",
        "Agent: Not sure we do that. Anything else?",
    ),
)  # fmt: skip
"""The calibration calls' transcripts, in the order of ``quality_calibration.CALLS``."""

NOTES: dict[str, str] = {
    "balance enquiry": "ID&V passed. Balance given. No further action.",
    "payment query": "ID&V passed. Customer asked about a pending payment; explained it clears in 1 working day. Card payment taken via secure payment line, no card details on the call.",
    "direct debit": "ID&V passed. Customer queried a direct debit; confirmed it went once. Explained the Direct Debit Guarantee.",
    "change of details": "ID&V passed. Address updated; confirmation letters to new and old address.",
    "statement request": "ID&V passed. Paper statements for 3 months ordered, 7 working days.",
    "lost or stolen card": "ID&V passed. Card reported lost and cancelled; replacement ordered, 3-5 working days. No suspicious transactions.",
    "suspected fraud": "ID&V passed. Customer did not recognise 2 transactions; card blocked, passed to fraud team, case raised. Customer advised to watch for calls claiming to be us.",
    "card declined": "ID&V passed. Card declined abroad; travel flag added. Customer retried successfully.",
    "PIN reset": "ID&V passed. PIN reminder ordered by post; never given over the phone.",
}  # fmt: skip
GENERIC = ("Customer: I have a question about my account.",
           "Agent: Happy to help. I've answered that and noted it on your account.")  # fmt: skip
GENERIC_NOTE = "ID&V passed. Query answered; no further action."


def seed_texts(*, session: Session, seed: int = 0) -> int:
    """Texts for the evaluated contacts (see the module docstring), the ones not there yet;
    the number added. Audited as one change, by count, when anything was added."""
    calibration = {contact_id: n for n, contact_id in
                   enumerate(repository.calibration_contacts(session))}  # fmt: skip
    wanted: list[TextValues] = []
    for contact in repository.evaluated_contacts(session):
        transcript = _transcript(contact, calibration.get(contact.id), seed)
        if transcript is not None:
            wanted.append(TextValues(interaction_id=contact.id, kind=TextKind.TRANSCRIPT,
                                     body=transcript))  # fmt: skip
        note = _note(contact, seed)
        if note is not None:
            wanted.append(TextValues(interaction_id=contact.id, kind=TextKind.NOTES, body=note))
    added = texts_service.add_missing_texts(session=session, texts_in=wanted)
    if added:
        audit_service.record_people_change(
            session, actor_user_id=None, object_type="interaction_texts", object_id="demo",
            change="texts_seeded", created=added,
        )  # fmt: skip
    return added


def _transcript(contact: Interaction, calibration_call: int | None, seed: int) -> str | None:
    reason = contact.disposition or ""
    if contact.channel is Channel.VOICE:
        if calibration_call is None or calibration_call >= len(CALIBRATION):
            return None
        return "\n".join(CALIBRATION[calibration_call])
    if contact.channel not in (Channel.CHAT, Channel.EMAIL):
        return None
    turns = (CHAT if contact.channel is Channel.CHAT else EMAIL).get(reason, GENERIC)
    opening = OPENINGS[contact.channel][(contact.id + seed) % 2]
    # A chat opens with the agent's greeting; an e-mail reply follows the customer's message.
    ordered = (
        (opening, *turns) if contact.channel is Channel.CHAT else (turns[0], opening, *turns[1:])
    )
    return "\n".join(ordered)


def _note(contact: Interaction, seed: int) -> str | None:
    if contact.channel is not Channel.VOICE or (contact.id + seed) % 2:
        return None
    return NOTES.get(contact.disposition or "", GENERIC_NOTE)
