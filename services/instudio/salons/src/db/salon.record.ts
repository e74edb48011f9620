/** A salons row as the repositories return it (camelCase). */
export interface SalonRecord {
  id: string;
  name: string;
  address: string;
  district: string;
  phone: string;
  description: string;
  timezone: string;
  adminUserId: string;
  ratingAvg: number;
  ratingCount: number;
}
