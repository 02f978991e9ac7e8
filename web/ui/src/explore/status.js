// How each status is drawn: a colour (Okabe–Ito, readable by most colour-
// blind people) and a dash pattern for the band's outline, so status is
// never told by colour alone; the band's caption names it too.
export const STATUSES = {
  CONFIRMED: { colour: '#0072b2', dash: '', words: 'confirmed' },
  ACTUAL: { colour: '#009e73', dash: '', words: 'actual' },
  REPORTED: { colour: '#e69f00', dash: '7 3', words: 'reported' },
  PLANNED: { colour: '#56b4e9', dash: '2 3', words: 'planned' },
  FORECAST: { colour: '#44aa99', dash: '2 3', words: 'forecast' },
  ANNOUNCED: { colour: '#d55e00', dash: '9 3 2 3', words: 'announced' },
  PROPOSED: { colour: '#cc79a7', dash: '1 3', words: 'proposed' },
  REQUESTED: { colour: '#882255', dash: '1 3', words: 'requested' },
  ESTIMATED: { colour: '#999933', dash: '4 2 1 2', words: 'estimated' },
  RETRACTED: { colour: '#777777', dash: '1 5', words: 'retracted' },
};

// style is the drawing of status s; an unknown one gets a neutral grey.
export function style(s) {
  return STATUSES[s] ?? { colour: '#666666', dash: '3 3', words: String(s).toLowerCase() };
}
