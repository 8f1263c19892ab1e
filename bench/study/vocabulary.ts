/**
 * Words, names and the codebook of the generated study: a health-services interview study run at
 * six sites. Plain data, so the generator's output depends on nothing but its seed and size.
 */

/** The sites, one per coder: a multi-site team, each coder based at one. */
export const SITES = ['Leeds', 'Cardiff', 'Glasgow', 'Belfast', 'Bristol', 'Norwich'] as const;

/** The coders' names, in rota order (the coder at index i is based at `SITES[i]`). */
export const CODER_NAMES = [
  'Amina Okafor',
  'Rhys Llewellyn',
  'Morag Campbell',
  'Siobhán Kelly',
  'Priya Raman',
  'Tom Hargreaves',
] as const;

/** Six themes of ten codes each: the 60 codes the coders apply, under their themes. */
export const THEMES: readonly { name: string; codes: readonly string[] }[] = [
  {
    name: 'Access to care',
    codes: [
      'Waiting times',
      'Travel distance',
      'Appointment booking',
      'Out-of-hours care',
      'Referral delays',
      'Cost of care',
      'Eligibility rules',
      'Rural access',
      'Interpreters',
      'Disability access',
    ],
  },
  {
    name: 'Continuity and coordination',
    codes: [
      'Seeing the same clinician',
      'Handover',
      'Care plans',
      'Discharge',
      'Shared records',
      'Multidisciplinary teams',
      'Follow-up',
      'Lost referrals',
      'Care navigation',
      'Transitions to adult care',
    ],
  },
  {
    name: 'Communication',
    codes: [
      'Being listened to',
      'Explaining diagnosis',
      'Jargon',
      'Shared decisions',
      'Bad news',
      'Written information',
      'Family involvement',
      'Conflicting advice',
      'Trust',
      'Feeling rushed',
    ],
  },
  {
    name: 'Workforce',
    codes: [
      'Staff shortages',
      'Burnout',
      'Agency staff',
      'Training',
      'Team morale',
      'Workload',
      'Role boundaries',
      'Supervision',
      'Recruitment',
      'Retention',
    ],
  },
  {
    name: 'Patient experience',
    codes: [
      'Dignity',
      'Privacy',
      'Fear and worry',
      'Relief',
      'Self-management',
      'Peer support',
      'Stigma',
      'Carer burden',
      'Pain',
      'Hope',
    ],
  },
  {
    name: 'Digital health',
    codes: [
      'Video consultations',
      'Patient portals',
      'Remote monitoring',
      'Digital exclusion',
      'Apps',
      'Text reminders',
      'Online forms',
      'Data sharing',
      'Technical problems',
      'Preference for face to face',
    ],
  },
];

/** One colour per theme; its codes share it. */
export const THEME_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf'] as const;

/**
 * Words participants and interviewers use, weighted by repetition (common words listed more than
 * once), so sentences read like transcribed speech rather than uniform noise. Two carry
 * non-ASCII letters, two bytes in UTF-8, so the archive's byte offsets and the text's positions
 * differ as in real transcripts.
 */
export const WORDS: readonly string[] = (
  'the the the the and and and to to to I I I I you you it it it was was was a a a of of that that ' +
  'in in we we they they my my is is but but so so just just like like really really know know ' +
  'think think mean mean because because when when there there then then with with for for on on ' +
  'have have had had be be not not all all me me at at what what about about would would could ' +
  'nurse doctor GP appointment ward clinic waiting weeks months phone call letter hospital surgery ' +
  'pharmacy medication prescription referral consultant team staff shift manager patient patients ' +
  'family daughter son husband wife mother father carer home bus car miles time money worry ' +
  'felt feel felt told said asked explained listened waited rang booked went came left changed ' +
  'helped helpful difficult hard easy quick slow busy tired worried frightened relieved grateful ' +
  'honestly basically actually probably always never sometimes often again still already maybe ' +
  'test results scan operation treatment plan notes record system computer video online app ' +
  'community service support group advice information leaflet question answer problem reason ' +
  'naïve café first last next whole other same different better worse long short little lot'
).split(' ');

/** Questions interviewers open their turns with. */
export const QUESTIONS: readonly string[] = [
  'Can you tell me a bit more about that?',
  'How did that make you feel?',
  'What happened next?',
  'Who did you speak to first?',
  'Was that what you expected?',
  'What would have helped at that point?',
  'How long did that take?',
  'Could you give me an example?',
];
