// Raadsmap's component kit: the only buttons, fields and overlays the app draws.
import './tokens.css';
import './kit.css';

export { Badge, UnreadDot, type Tone } from './Badge.tsx';
export { Button, IconButton, buttonClass, type ButtonProps, type ButtonVariant } from './Button.tsx';
export { Checkbox, Radio, RadioGroup, SegmentedControl, type Segment } from './Checkbox.tsx';
export { DateField } from './DateField.tsx';
export { Dialog } from './Dialog.tsx';
export { KitProvider } from './KitProvider.tsx';
export { Menu, type MenuAction } from './Menu.tsx';
export { Select, type SelectOption } from './Select.tsx';
export { Toasts, toast, type ToastContentValue, type ToastTone } from './Toast.tsx';
export { Tooltip } from './Tooltip.tsx';
