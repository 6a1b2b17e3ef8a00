NAME        
OBJSENSE
  MAX
ROWS
 N  Obj     
 E  con_station_count
 E  con_pile_count
 L  con_fast_coverage[0]
 L  con_fast_coverage[1]
 L  con_fast_coverage[2]
 L  con_fast_coverage[3]
 L  con_fast_coverage[4]
 L  con_fast_coverage[5]
 L  con_fast_coverage[6]
 L  con_fast_coverage[7]
 L  con_fast_coverage[8]
 L  con_fast_coverage[9]
 L  con_fast_coverage[10]
 L  con_fast_coverage[11]
 L  con_fast_coverage[12]
 L  con_fast_coverage[13]
 L  con_fast_coverage[14]
 L  con_fast_coverage[15]
 L  con_fast_coverage[16]
 L  con_fast_coverage[17]
 L  con_fast_coverage[18]
 L  con_fast_coverage[19]
 L  con_fast_coverage[20]
 L  con_fast_coverage[21]
 L  con_fast_coverage[22]
 L  con_fast_coverage[23]
 L  con_fast_coverage[24]
 L  con_fast_coverage[25]
 L  con_fast_coverage[26]
 L  con_terminal_coverage[0]
 L  con_terminal_coverage[1]
 G  con_terminal_quota
 L  con_slow_demand[27]
 L  con_slow_demand[28]
 L  con_slow_demand[29]
 L  con_slow_demand[30]
 L  con_slow_demand[31]
 L  con_slow_demand[32]
 L  con_slow_demand[33]
 L  con_slow_demand[34]
 L  con_slow_demand[35]
 L  con_slow_demand[36]
 L  con_slow_demand[37]
 L  con_slow_demand[38]
 L  con_slow_demand[39]
 L  con_slow_demand[40]
 L  con_slow_demand[41]
 L  con_slow_demand[42]
 L  con_slow_demand[43]
 L  con_slow_demand[44]
 L  con_slow_demand[45]
 L  con_slow_demand[46]
 L  con_slow_demand[47]
 L  con_slow_demand[48]
 L  con_slow_demand[49]
 L  con_slow_demand[50]
 L  con_slow_demand[51]
 L  con_slow_demand[52]
 L  con_slow_demand[53]
 L  con_slow_demand[54]
 L  con_slow_demand[55]
 L  con_slow_demand[56]
 L  con_slow_demand[57]
 L  con_slow_demand[58]
 L  con_slow_demand[59]
 L  con_slow_demand[60]
 L  con_slow_demand[61]
 L  con_slow_demand[62]
 L  con_slow_demand[63]
 L  con_slow_demand[64]
 L  con_slow_demand[65]
 L  con_slow_demand[66]
 L  con_pile_service[0]
 L  con_pile_service[1]
 L  con_pile_service[2]
 L  con_pile_service[3]
 L  con_pile_service[4]
 L  con_pile_service[5]
 L  con_pile_service[6]
 L  con_pile_service[7]
 L  con_pile_service[8]
 L  con_pile_service[9]
 L  con_pile_service[10]
 L  con_pile_service[11]
 L  con_pile_service[12]
 L  con_pile_service[13]
 L  con_pile_service[14]
 L  con_pile_service[15]
 L  con_pile_service[16]
 L  con_pile_service[17]
 L  con_pile_service[18]
 L  con_pile_service[19]
 L  con_pile_service[20]
 L  con_pile_service[21]
 L  con_pile_service[22]
 L  con_pile_service[23]
 L  con_pile_service[24]
 L  con_pile_service[25]
 L  con_pile_service[26]
 L  con_pile_service[27]
 L  con_pile_service[28]
 L  con_pile_service[29]
 L  con_pile_service[30]
 L  con_pile_service[31]
 L  con_pile_service[32]
 L  con_pile_service[33]
 L  con_pile_service[34]
 L  con_pile_service[35]
 L  con_pile_service[36]
 L  con_pile_service[37]
 L  con_pile_service[38]
 L  con_pile_service[39]
 L  con_pile_service[40]
 L  con_pile_service[41]
 L  con_pile_service[42]
 L  con_pile_service[43]
 L  con_pile_service[44]
 L  con_pile_service[45]
 L  con_pile_service[46]
 L  con_pile_service[47]
 L  con_pile_service[48]
 L  con_pile_service[49]
 L  con_pile_service[50]
 L  con_pile_service[51]
 L  con_pile_service[52]
 L  con_pile_service[53]
 L  con_pile_service[54]
 L  con_pile_service[55]
 L  con_pile_service[56]
 L  con_pile_service[57]
 L  con_pile_service[58]
 L  con_pile_service[59]
 L  con_pile_service[60]
 L  con_pile_service[61]
 L  con_pile_service[62]
 L  con_pile_service[63]
 L  con_pile_service[64]
 L  con_pile_service[65]
 L  con_pile_service[66]
 L  con_pile_service[67]
 L  con_pile_service[68]
 L  con_pile_service[69]
 L  con_pile_service[70]
 L  con_pile_service[71]
 L  con_pile_service[72]
 L  con_pile_service[73]
 L  con_pile_service[74]
 L  con_pile_service[75]
 L  con_pile_service[76]
 L  con_pile_service[77]
 L  con_pile_service[78]
 L  con_pile_service[79]
 L  con_pile_service[80]
 L  con_pile_service[81]
 L  con_pile_service[82]
 L  con_pile_service[83]
 L  con_pile_service[84]
 L  con_pile_service[85]
 L  con_pile_service[86]
 L  con_pile_service[87]
 L  con_pile_service[88]
 L  con_pile_service[89]
 L  con_pile_service[90]
 L  con_pile_service[91]
 L  con_pile_service[92]
 L  con_pile_service[93]
 L  con_pile_service[94]
 L  con_pile_service[95]
 L  con_pile_service[96]
 L  con_pile_service[97]
 L  con_pile_service[98]
 L  con_pile_service[99]
 L  con_pile_service[100]
 L  con_pile_service[101]
 L  con_pile_service[102]
 L  con_pile_service[103]
 L  con_pile_service[104]
 L  con_pile_service[105]
 L  con_pile_service[106]
 L  con_pile_service[107]
 L  con_pile_service[108]
 L  con_pile_service[109]
 L  con_pile_service[110]
 L  con_pile_service[111]
 L  con_pile_service[112]
 L  con_pile_service[113]
 L  con_pile_service[114]
 L  con_pile_service[115]
 L  con_pile_service[116]
 L  con_pile_service[117]
 L  con_pile_service[118]
 L  con_pile_service[119]
 L  con_pile_service[120]
 L  con_pile_service[121]
 L  con_pile_service[122]
 L  con_pile_service[123]
 L  con_pile_service[124]
 L  con_pile_service[125]
 L  con_pile_service[126]
 L  con_pile_service[127]
 L  con_pile_service[128]
 L  con_pile_service[129]
 L  con_pile_service[130]
 L  con_pile_service[131]
 L  con_pile_service[132]
 L  con_pile_service[133]
 L  con_pile_service[134]
 L  con_pile_service[135]
 L  con_pile_service[136]
 L  con_pile_service[137]
 L  con_pile_service[138]
 L  con_pile_service[139]
 L  con_pile_service[140]
 L  con_pile_service[141]
 L  con_pile_service[142]
 L  con_pile_service[143]
 L  con_pile_service[144]
 L  con_pile_service[145]
 L  con_pile_service[146]
 L  con_pile_service[147]
 L  con_pile_service[148]
 L  con_pile_service[149]
 L  con_pile_service[150]
 L  con_pile_service[151]
 L  con_pile_service[152]
 L  con_pile_service[153]
 L  con_pile_service[154]
 L  con_pile_service[155]
 L  con_pile_service[156]
 L  con_pile_service[157]
 L  con_pile_service[158]
 L  con_pile_service[159]
 L  con_pile_service[160]
 L  con_pile_service[161]
 L  con_pile_service[162]
 L  con_pile_service[163]
 L  con_pile_service[164]
 L  con_pile_service[165]
 L  con_pile_service[166]
 L  con_pile_service[167]
 L  con_pile_service[168]
 L  con_pile_service[169]
 L  con_pile_service[170]
 L  con_pile_service[171]
 L  con_pile_service[172]
 L  con_pile_service[173]
 L  con_pile_service[174]
 L  con_pile_service[175]
 L  con_pile_service[176]
 L  con_pile_service[177]
 L  con_pile_service[178]
 L  con_pile_service[179]
 L  con_pile_service[180]
 L  con_pile_service[181]
 L  con_pile_service[182]
 L  con_pile_service[183]
 L  con_pile_service[184]
 L  con_pile_service[185]
 L  con_pile_service[186]
 L  con_pile_service[187]
 L  con_pile_service[188]
 L  con_pile_service[189]
 L  con_pile_service[190]
 L  con_pile_service[191]
 L  con_pile_service[192]
 L  con_pile_service[193]
 L  con_pile_service[194]
 L  con_pile_service[195]
 L  con_pile_service[196]
 L  con_pile_service[197]
 L  con_pile_service[198]
 L  con_pile_service[199]
 L  con_pile_service[200]
 L  con_pile_service[201]
 L  con_pile_service[202]
 L  con_pile_service[203]
 L  con_pile_service[204]
 L  con_pile_service[205]
 L  con_pile_service[206]
 L  con_pile_service[207]
 L  con_pile_service[208]
 L  con_pile_service[209]
 L  con_pile_service[210]
 L  con_pile_service[211]
 L  con_pile_service[212]
 L  con_pile_service[213]
 L  con_pile_service[214]
 L  con_pile_service[215]
 L  con_pile_service[216]
 L  con_pile_service[217]
 L  con_pile_service[218]
 L  con_pile_service[219]
 L  con_pile_service[220]
 L  con_pile_service[221]
 L  con_pile_service[222]
 L  con_pile_service[223]
 L  con_pile_service[224]
 L  con_pile_service[225]
 L  con_pile_service[226]
 L  con_pile_service[227]
 L  con_pile_service[228]
 L  con_pile_service[229]
 L  con_pile_service[230]
 L  con_pile_service[231]
 L  con_pile_service[232]
 L  con_pile_service[233]
 L  con_pile_service[234]
 L  con_pile_service[235]
 L  con_pile_service[236]
 L  con_pile_service[237]
 L  con_pile_service[238]
 L  con_pile_service[239]
 L  con_pile_service[240]
 L  con_pile_service[241]
 L  con_pile_service[242]
 L  con_pile_service[243]
 L  con_pile_service[244]
 L  con_pile_service[245]
 L  con_pile_service[246]
 L  con_pile_service[247]
 L  con_pile_service[248]
 L  con_pile_service[249]
 L  con_pile_service[250]
 L  con_pile_service[251]
 L  con_pile_service[252]
 L  con_pile_service[253]
 L  con_pile_service[254]
 L  con_pile_service[255]
 L  con_pile_service[256]
 L  con_pile_service[257]
 L  con_pile_service[258]
 L  con_pile_service[259]
 L  con_pile_service[260]
 L  con_pile_service[261]
 L  con_pile_service[262]
 L  con_pile_service[263]
 L  con_pile_service[264]
 L  con_pile_service[265]
 L  con_pile_service[266]
 L  con_pile_service[267]
 L  con_pile_service[268]
 L  con_pile_service[269]
 L  con_pile_service[270]
 L  con_pile_service[271]
 L  con_pile_service[272]
 L  con_pile_service[273]
 L  con_pile_service[274]
 L  con_pile_service[275]
 L  con_pile_service[276]
 L  con_pile_service[277]
 L  con_pile_service[278]
 L  con_pile_service[279]
 L  con_pile_service[280]
 L  con_pile_service[281]
 L  con_pile_service[282]
 L  con_pile_service[283]
 L  con_pile_service[284]
 L  con_pile_service[285]
 L  con_pile_service[286]
 L  con_pile_service[287]
 L  con_pile_service[288]
 L  con_pile_service[289]
 L  con_pile_service[290]
 L  con_pile_service[291]
 L  con_pile_service[292]
 L  con_pile_service[293]
 L  con_pile_service[294]
 L  con_pile_service[295]
 L  con_pile_service[296]
 L  con_pile_service[297]
 L  con_pile_service[298]
 L  con_pile_service[299]
 L  con_pile_service[300]
 L  con_pile_service[301]
 L  con_pile_service[302]
 L  con_pile_service[303]
 L  con_pile_service[304]
 L  con_pile_service[305]
 G  con_county_min_stations[0]
 G  con_county_min_stations[1]
 G  con_county_min_piles[0]
 G  con_county_min_piles[1]
COLUMNS
    MARK0000  'MARKER'                 'INTORG'
    open_station[0]  Obj       0.4819797592
    open_station[0]  con_station_count  1
    open_station[0]  con_fast_coverage[10]  -1
    open_station[0]  con_fast_coverage[11]  -1
    open_station[0]  con_fast_coverage[14]  -1
    open_station[0]  con_county_min_stations[0]  1
    open_station[1]  Obj       1.622926026
    open_station[1]  con_station_count  1
    open_station[1]  con_fast_coverage[17]  -1
    open_station[1]  con_terminal_coverage[0]  -1
    open_station[1]  con_county_min_stations[0]  1
    open_station[2]  Obj       0.1304322873
    open_station[2]  con_station_count  1
    open_station[2]  con_fast_coverage[7]  -1
    open_station[2]  con_fast_coverage[8]  -1
    open_station[2]  con_county_min_stations[1]  1
    open_station[3]  Obj       0.223930318
    open_station[3]  con_station_count  1
    open_station[3]  con_fast_coverage[9]  -1
    open_station[3]  con_terminal_coverage[1]  -1
    open_station[3]  con_county_min_stations[1]  1
    open_station[4]  Obj       0.3337379503
    open_station[4]  con_station_count  1
    open_station[4]  con_fast_coverage[23]  -1
    open_station[4]  con_fast_coverage[24]  -1
    open_station[4]  con_county_min_stations[0]  1
    open_station[5]  Obj       0.2578250818
    open_station[5]  con_station_count  1
    open_station[5]  con_fast_coverage[22]  -1
    open_station[5]  con_fast_coverage[24]  -1
    open_station[5]  con_county_min_stations[0]  1
    open_station[6]  Obj       0.2961316351
    open_station[6]  con_station_count  1
    open_station[6]  con_fast_coverage[16]  -1
    open_station[6]  con_county_min_stations[0]  1
    open_station[7]  Obj       0.1430035343
    open_station[7]  con_station_count  1
    open_station[7]  con_fast_coverage[20]  -1
    open_station[7]  con_county_min_stations[0]  1
    open_station[8]  Obj       0.4608787036
    open_station[8]  con_station_count  1
    open_station[8]  con_fast_coverage[21]  -1
    open_station[8]  con_fast_coverage[22]  -1
    open_station[8]  con_fast_coverage[24]  -1
    open_station[8]  con_fast_coverage[26]  -1
    open_station[8]  con_county_min_stations[0]  1
    open_station[9]  Obj       0.408582576
    open_station[9]  con_station_count  1
    open_station[9]  con_fast_coverage[19]  -1
    open_station[9]  con_county_min_stations[0]  1
    open_station[10]  Obj       0.3479215183
    open_station[10]  con_station_count  1
    open_station[10]  con_fast_coverage[14]  -1
    open_station[10]  con_fast_coverage[15]  -1
    open_station[10]  con_county_min_stations[0]  1
    open_station[11]  Obj       0.2114381538
    open_station[11]  con_station_count  1
    open_station[11]  con_fast_coverage[25]  -1
    open_station[11]  con_county_min_stations[0]  1
    open_station[12]  Obj       0.3552573889
    open_station[12]  con_station_count  1
    open_station[12]  con_fast_coverage[21]  -1
    open_station[12]  con_fast_coverage[24]  -1
    open_station[12]  con_county_min_stations[0]  1
    open_station[13]  Obj       0.3328663397
    open_station[13]  con_station_count  1
    open_station[13]  con_fast_coverage[1]  -1
    open_station[13]  con_county_min_stations[1]  1
    open_station[14]  Obj       0.514327966
    open_station[14]  con_station_count  1
    open_station[14]  con_fast_coverage[1]  -1
    open_station[14]  con_fast_coverage[2]  -1
    open_station[14]  con_fast_coverage[3]  -1
    open_station[14]  con_county_min_stations[1]  1
    open_station[15]  Obj       0.4063297283
    open_station[15]  con_station_count  1
    open_station[15]  con_fast_coverage[0]  -1
    open_station[15]  con_county_min_stations[1]  1
    open_station[16]  Obj       0.1601432188
    open_station[16]  con_station_count  1
    open_station[16]  con_fast_coverage[6]  -1
    open_station[16]  con_county_min_stations[1]  1
    open_station[17]  Obj       0.1059002429
    open_station[17]  con_station_count  1
    open_station[17]  con_fast_coverage[12]  -1
    open_station[17]  con_county_min_stations[1]  1
    open_station[18]  Obj       0.9612580082
    open_station[18]  con_station_count  1
    open_station[18]  con_fast_coverage[3]  -1
    open_station[18]  con_fast_coverage[4]  -1
    open_station[18]  con_fast_coverage[5]  -1
    open_station[18]  con_county_min_stations[1]  1
    open_station[19]  Obj       0.6812314054
    open_station[19]  con_station_count  1
    open_station[19]  con_fast_coverage[5]  -1
    open_station[19]  con_fast_coverage[7]  -1
    open_station[19]  con_county_min_stations[1]  1
    open_station[20]  Obj       0.9154361268
    open_station[20]  con_station_count  1
    open_station[20]  con_fast_coverage[0]  -1
    open_station[20]  con_fast_coverage[2]  -1
    open_station[20]  con_fast_coverage[3]  -1
    open_station[20]  con_fast_coverage[5]  -1
    open_station[20]  con_county_min_stations[1]  1
    open_station[21]  Obj       0.1428664952
    open_station[21]  con_station_count  1
    open_station[21]  con_fast_coverage[20]  -1
    open_station[21]  con_county_min_stations[0]  1
    open_station[22]  Obj       0.0003718623677
    open_station[22]  con_station_count  1
    open_station[22]  con_fast_coverage[18]  -1
    open_station[22]  con_county_min_stations[0]  1
    open_station[23]  Obj       0.2489448079
    open_station[23]  con_station_count  1
    open_station[23]  con_fast_coverage[8]  -1
    open_station[23]  con_county_min_stations[1]  1
    open_station[24]  Obj       1.463004682
    open_station[24]  con_station_count  1
    open_station[24]  con_fast_coverage[17]  -1
    open_station[24]  con_county_min_stations[0]  1
    open_station[25]  Obj       0.1078236874
    open_station[25]  con_station_count  1
    open_station[25]  con_fast_coverage[8]  -1
    open_station[25]  con_county_min_stations[1]  1
    open_station[26]  Obj       0.5907105354
    open_station[26]  con_station_count  1
    open_station[26]  con_fast_coverage[9]  -1
    open_station[26]  con_county_min_stations[1]  1
    open_station[27]  Obj       1.28407293
    open_station[27]  con_station_count  1
    open_station[27]  con_fast_coverage[13]  -1
    open_station[27]  con_fast_coverage[17]  -1
    open_station[27]  con_county_min_stations[0]  1
    open_station[28]  Obj       0.2011082871
    open_station[28]  con_station_count  1
    open_station[28]  con_fast_coverage[12]  -1
    open_station[28]  con_county_min_stations[1]  1
    open_station[29]  Obj       0.5552296351
    open_station[29]  con_station_count  1
    open_station[29]  con_fast_coverage[9]  -1
    open_station[29]  con_county_min_stations[1]  1
    open_station[30]  Obj       0.8232763417
    open_station[30]  con_station_count  1
    open_station[30]  con_fast_coverage[2]  -1
    open_station[30]  con_fast_coverage[3]  -1
    open_station[30]  con_fast_coverage[5]  -1
    open_station[30]  con_county_min_stations[1]  1
    open_station[31]  Obj       0.4086559334
    open_station[31]  con_station_count  1
    open_station[31]  con_fast_coverage[10]  -1
    open_station[31]  con_fast_coverage[11]  -1
    open_station[31]  con_fast_coverage[14]  -1
    open_station[31]  con_county_min_stations[0]  1
    open_station[32]  Obj       0.4252436239
    open_station[32]  con_station_count  1
    open_station[32]  con_fast_coverage[10]  -1
    open_station[32]  con_fast_coverage[11]  -1
    open_station[32]  con_fast_coverage[14]  -1
    open_station[32]  con_county_min_stations[0]  1
    open_station[33]  Obj       0.5191153095
    open_station[33]  con_station_count  1
    open_station[33]  con_fast_coverage[10]  -1
    open_station[33]  con_fast_coverage[11]  -1
    open_station[33]  con_fast_coverage[14]  -1
    open_station[33]  con_county_min_stations[0]  1
    open_station[34]  Obj       0.4868097336
    open_station[34]  con_station_count  1
    open_station[34]  con_fast_coverage[10]  -1
    open_station[34]  con_fast_coverage[11]  -1
    open_station[34]  con_fast_coverage[14]  -1
    open_station[34]  con_county_min_stations[0]  1
    open_station[35]  Obj       0.4538275386
    open_station[35]  con_station_count  1
    open_station[35]  con_fast_coverage[10]  -1
    open_station[35]  con_fast_coverage[11]  -1
    open_station[35]  con_fast_coverage[14]  -1
    open_station[35]  con_county_min_stations[0]  1
    open_station[36]  Obj       0.5404409362
    open_station[36]  con_station_count  1
    open_station[36]  con_fast_coverage[10]  -1
    open_station[36]  con_fast_coverage[11]  -1
    open_station[36]  con_fast_coverage[14]  -1
    open_station[36]  con_county_min_stations[0]  1
    open_station[37]  Obj       0.6854212392
    open_station[37]  con_station_count  1
    open_station[37]  con_fast_coverage[10]  -1
    open_station[37]  con_fast_coverage[11]  -1
    open_station[37]  con_fast_coverage[14]  -1
    open_station[37]  con_county_min_stations[0]  1
    open_station[38]  Obj       0.7001814959
    open_station[38]  con_station_count  1
    open_station[38]  con_fast_coverage[10]  -1
    open_station[38]  con_fast_coverage[11]  -1
    open_station[38]  con_fast_coverage[14]  -1
    open_station[38]  con_county_min_stations[0]  1
    open_station[39]  Obj       1.308791084
    open_station[39]  con_station_count  1
    open_station[39]  con_fast_coverage[13]  -1
    open_station[39]  con_fast_coverage[17]  -1
    open_station[39]  con_county_min_stations[0]  1
    open_station[40]  Obj       1.445843665
    open_station[40]  con_station_count  1
    open_station[40]  con_fast_coverage[13]  -1
    open_station[40]  con_fast_coverage[17]  -1
    open_station[40]  con_county_min_stations[0]  1
    open_station[41]  Obj       1.738551743
    open_station[41]  con_station_count  1
    open_station[41]  con_fast_coverage[13]  -1
    open_station[41]  con_fast_coverage[17]  -1
    open_station[41]  con_county_min_stations[0]  1
    open_station[42]  Obj       1.702498425
    open_station[42]  con_station_count  1
    open_station[42]  con_fast_coverage[13]  -1
    open_station[42]  con_fast_coverage[17]  -1
    open_station[42]  con_county_min_stations[0]  1
    open_station[43]  Obj       1.647750235
    open_station[43]  con_station_count  1
    open_station[43]  con_fast_coverage[13]  -1
    open_station[43]  con_fast_coverage[17]  -1
    open_station[43]  con_county_min_stations[0]  1
    open_station[44]  Obj       1.981141839
    open_station[44]  con_station_count  1
    open_station[44]  con_fast_coverage[13]  -1
    open_station[44]  con_fast_coverage[17]  -1
    open_station[44]  con_terminal_coverage[0]  -1
    open_station[44]  con_county_min_stations[0]  1
    open_station[45]  Obj       1.63934476
    open_station[45]  con_station_count  1
    open_station[45]  con_fast_coverage[17]  -1
    open_station[45]  con_county_min_stations[0]  1
    open_station[46]  Obj       1.743076123
    open_station[46]  con_station_count  1
    open_station[46]  con_fast_coverage[17]  -1
    open_station[46]  con_terminal_coverage[0]  -1
    open_station[46]  con_county_min_stations[0]  1
    open_station[47]  Obj       1.448434086
    open_station[47]  con_station_count  1
    open_station[47]  con_fast_coverage[17]  -1
    open_station[47]  con_terminal_coverage[0]  -1
    open_station[47]  con_county_min_stations[0]  1
    open_station[48]  Obj       1.457656819
    open_station[48]  con_station_count  1
    open_station[48]  con_fast_coverage[17]  -1
    open_station[48]  con_terminal_coverage[0]  -1
    open_station[48]  con_county_min_stations[0]  1
    open_station[49]  Obj       1.264428955
    open_station[49]  con_station_count  1
    open_station[49]  con_fast_coverage[17]  -1
    open_station[49]  con_terminal_coverage[0]  -1
    open_station[49]  con_county_min_stations[0]  1
    open_station[50]  Obj       0.2933918164
    open_station[50]  con_station_count  1
    open_station[50]  con_fast_coverage[7]  -1
    open_station[50]  con_county_min_stations[1]  1
    open_station[51]  Obj       0.230616185
    open_station[51]  con_station_count  1
    open_station[51]  con_fast_coverage[7]  -1
    open_station[51]  con_county_min_stations[1]  1
    open_station[52]  Obj       0.1923622541
    open_station[52]  con_station_count  1
    open_station[52]  con_fast_coverage[7]  -1
    open_station[52]  con_county_min_stations[1]  1
    open_station[53]  Obj       0.1622688712
    open_station[53]  con_station_count  1
    open_station[53]  con_fast_coverage[7]  -1
    open_station[53]  con_county_min_stations[1]  1
    open_station[54]  Obj       0.1189854642
    open_station[54]  con_station_count  1
    open_station[54]  con_fast_coverage[7]  -1
    open_station[54]  con_county_min_stations[1]  1
    open_station[55]  Obj       0.1666380071
    open_station[55]  con_station_count  1
    open_station[55]  con_fast_coverage[7]  -1
    open_station[55]  con_fast_coverage[8]  -1
    open_station[55]  con_county_min_stations[1]  1
    open_station[56]  Obj       0.1855761427
    open_station[56]  con_station_count  1
    open_station[56]  con_fast_coverage[7]  -1
    open_station[56]  con_county_min_stations[1]  1
    open_station[57]  Obj       0.1986572229
    open_station[57]  con_station_count  1
    open_station[57]  con_fast_coverage[7]  -1
    open_station[57]  con_fast_coverage[9]  -1
    open_station[57]  con_county_min_stations[1]  1
    open_station[58]  con_station_count  1
    open_station[58]  con_terminal_coverage[1]  -1
    open_station[58]  con_county_min_stations[1]  1
    open_station[59]  Obj       0.2214113996
    open_station[59]  con_station_count  1
    open_station[59]  con_fast_coverage[8]  -1
    open_station[59]  con_fast_coverage[9]  -1
    open_station[59]  con_county_min_stations[1]  1
    open_station[60]  Obj       0.07850533295
    open_station[60]  con_station_count  1
    open_station[60]  con_fast_coverage[9]  -1
    open_station[60]  con_terminal_coverage[1]  -1
    open_station[60]  con_county_min_stations[1]  1
    open_station[61]  Obj       0.2375553871
    open_station[61]  con_station_count  1
    open_station[61]  con_fast_coverage[8]  -1
    open_station[61]  con_fast_coverage[9]  -1
    open_station[61]  con_county_min_stations[1]  1
    open_station[62]  Obj       0.4327683293
    open_station[62]  con_station_count  1
    open_station[62]  con_fast_coverage[9]  -1
    open_station[62]  con_terminal_coverage[1]  -1
    open_station[62]  con_county_min_stations[1]  1
    open_station[63]  Obj       0.1232371093
    open_station[63]  con_station_count  1
    open_station[63]  con_fast_coverage[9]  -1
    open_station[63]  con_terminal_coverage[1]  -1
    open_station[63]  con_county_min_stations[1]  1
    open_station[64]  Obj       0.3947181432
    open_station[64]  con_station_count  1
    open_station[64]  con_fast_coverage[8]  -1
    open_station[64]  con_fast_coverage[9]  -1
    open_station[64]  con_county_min_stations[1]  1
    open_station[65]  Obj       0.7101138914
    open_station[65]  con_station_count  1
    open_station[65]  con_fast_coverage[9]  -1
    open_station[65]  con_county_min_stations[1]  1
    open_station[66]  Obj       0.6259660541
    open_station[66]  con_station_count  1
    open_station[66]  con_fast_coverage[9]  -1
    open_station[66]  con_county_min_stations[1]  1
    open_station[67]  Obj       0.975968163
    open_station[67]  con_station_count  1
    open_station[67]  con_fast_coverage[9]  -1
    open_station[67]  con_county_min_stations[1]  1
    open_station[68]  Obj       0.8492704585
    open_station[68]  con_station_count  1
    open_station[68]  con_fast_coverage[9]  -1
    open_station[68]  con_county_min_stations[1]  1
    open_station[69]  Obj       165.9816872
    open_station[69]  con_station_count  1
    open_station[69]  con_fast_coverage[19]  -1
    open_station[69]  con_county_min_stations[0]  1
    open_station[70]  Obj       0.9431375601
    open_station[70]  con_station_count  1
    open_station[70]  con_fast_coverage[3]  -1
    open_station[70]  con_fast_coverage[4]  -1
    open_station[70]  con_fast_coverage[5]  -1
    open_station[70]  con_county_min_stations[1]  1
    open_station[71]  Obj       0.1359623619
    open_station[71]  con_station_count  1
    open_station[71]  con_fast_coverage[20]  -1
    open_station[71]  con_county_min_stations[0]  1
    open_station[72]  Obj       0.0003252378894
    open_station[72]  con_station_count  1
    open_station[72]  con_fast_coverage[18]  -1
    open_station[72]  con_county_min_stations[0]  1
    open_station[73]  Obj       0.4171662885
    open_station[73]  con_station_count  1
    open_station[73]  con_fast_coverage[10]  -1
    open_station[73]  con_fast_coverage[11]  -1
    open_station[73]  con_fast_coverage[14]  -1
    open_station[73]  con_county_min_stations[0]  1
    open_station[74]  Obj       0.7914990046
    open_station[74]  con_station_count  1
    open_station[74]  con_fast_coverage[10]  -1
    open_station[74]  con_fast_coverage[14]  -1
    open_station[74]  con_county_min_stations[0]  1
    open_station[75]  Obj       1.558701594
    open_station[75]  con_station_count  1
    open_station[75]  con_fast_coverage[13]  -1
    open_station[75]  con_fast_coverage[17]  -1
    open_station[75]  con_county_min_stations[0]  1
    open_station[76]  Obj       1.816452107
    open_station[76]  con_station_count  1
    open_station[76]  con_fast_coverage[17]  -1
    open_station[76]  con_county_min_stations[0]  1
    open_station[77]  Obj       0.1801640001
    open_station[77]  con_station_count  1
    open_station[77]  con_fast_coverage[9]  -1
    open_station[77]  con_terminal_coverage[1]  -1
    open_station[77]  con_county_min_stations[1]  1
    open_station[78]  Obj       0.5509174065
    open_station[78]  con_station_count  1
    open_station[78]  con_fast_coverage[9]  -1
    open_station[78]  con_county_min_stations[1]  1
    open_station[79]  Obj       0.7460018611
    open_station[79]  con_station_count  1
    open_station[79]  con_fast_coverage[9]  -1
    open_station[79]  con_county_min_stations[1]  1
    open_station[80]  Obj       0.5669088426
    open_station[80]  con_station_count  1
    open_station[80]  con_fast_coverage[10]  -1
    open_station[80]  con_fast_coverage[11]  -1
    open_station[80]  con_fast_coverage[14]  -1
    open_station[80]  con_county_min_stations[0]  1
    open_station[81]  Obj       0.6253467417
    open_station[81]  con_station_count  1
    open_station[81]  con_fast_coverage[10]  -1
    open_station[81]  con_fast_coverage[11]  -1
    open_station[81]  con_fast_coverage[14]  -1
    open_station[81]  con_county_min_stations[0]  1
    open_station[82]  Obj       1.63703128
    open_station[82]  con_station_count  1
    open_station[82]  con_fast_coverage[17]  -1
    open_station[82]  con_county_min_stations[0]  1
    open_station[83]  Obj       1.633001186
    open_station[83]  con_station_count  1
    open_station[83]  con_fast_coverage[17]  -1
    open_station[83]  con_terminal_coverage[0]  -1
    open_station[83]  con_county_min_stations[0]  1
    open_station[84]  Obj       0.07622137508
    open_station[84]  con_station_count  1
    open_station[84]  con_fast_coverage[8]  -1
    open_station[84]  con_fast_coverage[9]  -1
    open_station[84]  con_county_min_stations[1]  1
    open_station[85]  Obj       0.3298643217
    open_station[85]  con_station_count  1
    open_station[85]  con_fast_coverage[7]  -1
    open_station[85]  con_fast_coverage[9]  -1
    open_station[85]  con_terminal_coverage[1]  -1
    open_station[85]  con_county_min_stations[1]  1
    open_station[86]  Obj       0.5109257002
    open_station[86]  con_station_count  1
    open_station[86]  con_fast_coverage[9]  -1
    open_station[86]  con_county_min_stations[1]  1
    open_station[87]  Obj       0.2321411194
    open_station[87]  con_station_count  1
    open_station[87]  con_fast_coverage[23]  -1
    open_station[87]  con_fast_coverage[24]  -1
    open_station[87]  con_county_min_stations[0]  1
    open_station[88]  Obj       0.2231189862
    open_station[88]  con_station_count  1
    open_station[88]  con_fast_coverage[22]  -1
    open_station[88]  con_fast_coverage[24]  -1
    open_station[88]  con_county_min_stations[0]  1
    open_station[89]  Obj       0.3276926111
    open_station[89]  con_station_count  1
    open_station[89]  con_fast_coverage[16]  -1
    open_station[89]  con_county_min_stations[0]  1
    open_station[90]  Obj       0.1296059478
    open_station[90]  con_station_count  1
    open_station[90]  con_fast_coverage[20]  -1
    open_station[90]  con_county_min_stations[0]  1
    open_station[91]  Obj       0.5126552541
    open_station[91]  con_station_count  1
    open_station[91]  con_fast_coverage[21]  -1
    open_station[91]  con_fast_coverage[22]  -1
    open_station[91]  con_fast_coverage[24]  -1
    open_station[91]  con_fast_coverage[26]  -1
    open_station[91]  con_county_min_stations[0]  1
    open_station[92]  Obj       0.2843140018
    open_station[92]  con_station_count  1
    open_station[92]  con_fast_coverage[14]  -1
    open_station[92]  con_fast_coverage[15]  -1
    open_station[92]  con_county_min_stations[0]  1
    open_station[93]  Obj       0.198680679
    open_station[93]  con_station_count  1
    open_station[93]  con_fast_coverage[25]  -1
    open_station[93]  con_county_min_stations[0]  1
    open_station[94]  Obj       0.2625437112
    open_station[94]  con_station_count  1
    open_station[94]  con_fast_coverage[17]  -1
    open_station[94]  con_county_min_stations[1]  1
    open_station[95]  Obj       0.3581705701
    open_station[95]  con_station_count  1
    open_station[95]  con_fast_coverage[1]  -1
    open_station[95]  con_county_min_stations[1]  1
    open_station[96]  Obj       0.4893167447
    open_station[96]  con_station_count  1
    open_station[96]  con_fast_coverage[0]  -1
    open_station[96]  con_fast_coverage[1]  -1
    open_station[96]  con_fast_coverage[2]  -1
    open_station[96]  con_county_min_stations[1]  1
    open_station[97]  Obj       0.3419991946
    open_station[97]  con_station_count  1
    open_station[97]  con_fast_coverage[0]  -1
    open_station[97]  con_county_min_stations[1]  1
    open_station[98]  Obj       0.1465224982
    open_station[98]  con_station_count  1
    open_station[98]  con_fast_coverage[6]  -1
    open_station[98]  con_county_min_stations[1]  1
    open_station[99]  Obj       0.06833764047
    open_station[99]  con_station_count  1
    open_station[99]  con_fast_coverage[12]  -1
    open_station[99]  con_county_min_stations[1]  1
    open_station[100]  Obj       0.8703391473
    open_station[100]  con_station_count  1
    open_station[100]  con_fast_coverage[3]  -1
    open_station[100]  con_fast_coverage[5]  -1
    open_station[100]  con_county_min_stations[1]  1
    open_station[101]  Obj       0.6803676599
    open_station[101]  con_station_count  1
    open_station[101]  con_fast_coverage[5]  -1
    open_station[101]  con_fast_coverage[7]  -1
    open_station[101]  con_county_min_stations[1]  1
    open_station[102]  Obj       0.8480815637
    open_station[102]  con_station_count  1
    open_station[102]  con_fast_coverage[0]  -1
    open_station[102]  con_fast_coverage[2]  -1
    open_station[102]  con_fast_coverage[3]  -1
    open_station[102]  con_fast_coverage[5]  -1
    open_station[102]  con_county_min_stations[1]  1
    open_station[103]  Obj       323.6760793
    open_station[103]  con_station_count  1
    open_station[103]  con_county_min_stations[0]  1
    open_station[104]  Obj       0.04726674207
    open_station[104]  con_station_count  1
    open_station[104]  con_fast_coverage[24]  -1
    open_station[104]  con_fast_coverage[26]  -1
    open_station[104]  con_county_min_stations[0]  1
    open_station[105]  Obj       0.07074691137
    open_station[105]  con_station_count  1
    open_station[105]  con_fast_coverage[24]  -1
    open_station[105]  con_county_min_stations[0]  1
    open_station[106]  Obj       0.1616268644
    open_station[106]  con_station_count  1
    open_station[106]  con_fast_coverage[19]  -1
    open_station[106]  con_county_min_stations[0]  1
    open_station[107]  Obj       0.1204705801
    open_station[107]  con_station_count  1
    open_station[107]  con_fast_coverage[23]  -1
    open_station[107]  con_fast_coverage[24]  -1
    open_station[107]  con_county_min_stations[0]  1
    open_station[108]  Obj       0.3419639683
    open_station[108]  con_station_count  1
    open_station[108]  con_fast_coverage[13]  -1
    open_station[108]  con_county_min_stations[0]  1
    open_station[109]  Obj       0.3334573309
    open_station[109]  con_station_count  1
    open_station[109]  con_fast_coverage[24]  -1
    open_station[109]  con_county_min_stations[0]  1
    open_station[110]  Obj       79.56522609
    open_station[110]  con_station_count  1
    open_station[110]  con_county_min_stations[1]  1
    open_station[111]  Obj       0.1641185644
    open_station[111]  con_station_count  1
    open_station[111]  con_fast_coverage[1]  -1
    open_station[111]  con_county_min_stations[1]  1
    open_station[112]  Obj       0.2130705074
    open_station[112]  con_station_count  1
    open_station[112]  con_fast_coverage[0]  -1
    open_station[112]  con_county_min_stations[1]  1
    open_station[113]  Obj       80.10328278
    open_station[113]  con_station_count  1
    open_station[113]  con_county_min_stations[1]  1
    open_station[114]  Obj       199.6976009
    open_station[114]  con_station_count  1
    open_station[114]  con_county_min_stations[1]  1
    open_station[115]  Obj       0.1620885721
    open_station[115]  con_station_count  1
    open_station[115]  con_fast_coverage[22]  -1
    open_station[115]  con_county_min_stations[0]  1
    MARK0001  'MARKER'                 'INTEND'
    covered[0]  Obj       625.961932
    covered[0]  con_fast_coverage[0]  1
    covered[1]  Obj       566.3219124
    covered[1]  con_fast_coverage[1]  1
    covered[2]  Obj       745.181827
    covered[2]  con_fast_coverage[2]  1
    covered[3]  Obj       648.2527809
    covered[3]  con_fast_coverage[3]  1
    covered[4]  Obj       296.1233596
    covered[4]  con_fast_coverage[4]  1
    covered[5]  Obj       961.4546327
    covered[5]  con_fast_coverage[5]  1
    covered[6]  Obj       435.4166
    covered[6]  con_fast_coverage[6]  1
    covered[7]  Obj       748.5785455
    covered[7]  con_fast_coverage[7]  1
    covered[8]  Obj       453.2984788
    covered[8]  con_fast_coverage[8]  1
    covered[9]  Obj       1753.92574
    covered[9]  con_fast_coverage[9]  1
    covered[10]  Obj       13.40277309
    covered[10]  con_fast_coverage[10]  1
    covered[11]  Obj       242.2353991
    covered[11]  con_fast_coverage[11]  1
    covered[12]  Obj       663.8925662
    covered[12]  con_fast_coverage[12]  1
    covered[13]  Obj       449.2495551
    covered[13]  con_fast_coverage[13]  1
    covered[14]  Obj       934.1982003
    covered[14]  con_fast_coverage[14]  1
    covered[15]  Obj       816.154791
    covered[15]  con_fast_coverage[15]  1
    covered[16]  Obj       586.2010444
    covered[16]  con_fast_coverage[16]  1
    covered[17]  Obj       2205.841445
    covered[17]  con_fast_coverage[17]  1
    covered[18]  Obj       4.49739406
    covered[18]  con_fast_coverage[18]  1
    covered[19]  Obj       467.5864687
    covered[19]  con_fast_coverage[19]  1
    covered[20]  Obj       629.7111662
    covered[20]  con_fast_coverage[20]  1
    covered[21]  Obj       338.6565538
    covered[21]  con_fast_coverage[21]  1
    covered[22]  Obj       259.4817374
    covered[22]  con_fast_coverage[22]  1
    covered[23]  Obj       647.015902
    covered[23]  con_fast_coverage[23]  1
    covered[24]  Obj       565.1263825
    covered[24]  con_fast_coverage[24]  1
    covered[25]  Obj       368.0836646
    covered[25]  con_fast_coverage[25]  1
    covered[26]  Obj       34.1978492
    covered[26]  con_fast_coverage[26]  1
    terminal_covered[0]  con_terminal_coverage[0]  1
    terminal_covered[0]  con_terminal_quota  1
    terminal_covered[1]  con_terminal_coverage[1]  1
    terminal_covered[1]  con_terminal_quota  1
    MARK0002  'MARKER'                 'INTORG'
    piles[0]  con_pile_count  1
    piles[0]  con_pile_service[0]  -5
    piles[0]  con_county_min_piles[0]  1
    piles[1]  con_pile_count  1
    piles[1]  con_pile_service[1]  -5
    piles[1]  con_county_min_piles[0]  1
    piles[2]  con_pile_count  1
    piles[2]  con_pile_service[2]  -5
    piles[2]  con_county_min_piles[0]  1
    piles[3]  con_pile_count  1
    piles[3]  con_pile_service[3]  -5
    piles[3]  con_county_min_piles[0]  1
    piles[4]  con_pile_count  1
    piles[4]  con_pile_service[4]  -5
    piles[4]  con_county_min_piles[0]  1
    piles[5]  con_pile_count  1
    piles[5]  con_pile_service[5]  -5
    piles[5]  con_county_min_piles[0]  1
    piles[6]  con_pile_count  1
    piles[6]  con_pile_service[6]  -5
    piles[6]  con_county_min_piles[0]  1
    piles[7]  con_pile_count  1
    piles[7]  con_pile_service[7]  -5
    piles[7]  con_county_min_piles[0]  1
    piles[8]  con_pile_count  1
    piles[8]  con_pile_service[8]  -5
    piles[8]  con_county_min_piles[0]  1
    piles[9]  con_pile_count  1
    piles[9]  con_pile_service[9]  -5
    piles[9]  con_county_min_piles[0]  1
    piles[10]  con_pile_count  1
    piles[10]  con_pile_service[10]  -5
    piles[10]  con_county_min_piles[0]  1
    piles[11]  con_pile_count  1
    piles[11]  con_pile_service[11]  -5
    piles[11]  con_county_min_piles[0]  1
    piles[12]  con_pile_count  1
    piles[12]  con_pile_service[12]  -5
    piles[12]  con_county_min_piles[0]  1
    piles[13]  con_pile_count  1
    piles[13]  con_pile_service[13]  -5
    piles[13]  con_county_min_piles[0]  1
    piles[14]  con_pile_count  1
    piles[14]  con_pile_service[14]  -5
    piles[14]  con_county_min_piles[0]  1
    piles[15]  con_pile_count  1
    piles[15]  con_pile_service[15]  -5
    piles[15]  con_county_min_piles[0]  1
    piles[16]  con_pile_count  1
    piles[16]  con_pile_service[16]  -5
    piles[16]  con_county_min_piles[0]  1
    piles[17]  con_pile_count  1
    piles[17]  con_pile_service[17]  -5
    piles[17]  con_county_min_piles[0]  1
    piles[18]  con_pile_count  1
    piles[18]  con_pile_service[18]  -5
    piles[18]  con_county_min_piles[0]  1
    piles[19]  con_pile_count  1
    piles[19]  con_pile_service[19]  -5
    piles[19]  con_county_min_piles[0]  1
    piles[20]  con_pile_count  1
    piles[20]  con_pile_service[20]  -5
    piles[20]  con_county_min_piles[0]  1
    piles[21]  con_pile_count  1
    piles[21]  con_pile_service[21]  -5
    piles[21]  con_county_min_piles[0]  1
    piles[22]  con_pile_count  1
    piles[22]  con_pile_service[22]  -5
    piles[22]  con_county_min_piles[0]  1
    piles[23]  con_pile_count  1
    piles[23]  con_pile_service[23]  -5
    piles[23]  con_county_min_piles[0]  1
    piles[24]  con_pile_count  1
    piles[24]  con_pile_service[24]  -5
    piles[24]  con_county_min_piles[0]  1
    piles[25]  con_pile_count  1
    piles[25]  con_pile_service[25]  -5
    piles[25]  con_county_min_piles[0]  1
    piles[26]  con_pile_count  1
    piles[26]  con_pile_service[26]  -5
    piles[26]  con_county_min_piles[0]  1
    piles[27]  con_pile_count  1
    piles[27]  con_pile_service[27]  -5
    piles[27]  con_county_min_piles[0]  1
    piles[28]  con_pile_count  1
    piles[28]  con_pile_service[28]  -5
    piles[28]  con_county_min_piles[0]  1
    piles[29]  con_pile_count  1
    piles[29]  con_pile_service[29]  -5
    piles[29]  con_county_min_piles[0]  1
    piles[30]  con_pile_count  1
    piles[30]  con_pile_service[30]  -5
    piles[30]  con_county_min_piles[0]  1
    piles[31]  con_pile_count  1
    piles[31]  con_pile_service[31]  -5
    piles[31]  con_county_min_piles[0]  1
    piles[32]  con_pile_count  1
    piles[32]  con_pile_service[32]  -5
    piles[32]  con_county_min_piles[0]  1
    piles[33]  con_pile_count  1
    piles[33]  con_pile_service[33]  -5
    piles[33]  con_county_min_piles[0]  1
    piles[34]  con_pile_count  1
    piles[34]  con_pile_service[34]  -5
    piles[34]  con_county_min_piles[0]  1
    piles[35]  con_pile_count  1
    piles[35]  con_pile_service[35]  -5
    piles[35]  con_county_min_piles[1]  1
    piles[36]  con_pile_count  1
    piles[36]  con_pile_service[36]  -5
    piles[36]  con_county_min_piles[1]  1
    piles[37]  con_pile_count  1
    piles[37]  con_pile_service[37]  -5
    piles[37]  con_county_min_piles[1]  1
    piles[38]  con_pile_count  1
    piles[38]  con_pile_service[38]  -5
    piles[38]  con_county_min_piles[1]  1
    piles[39]  con_pile_count  1
    piles[39]  con_pile_service[39]  -5
    piles[39]  con_county_min_piles[1]  1
    piles[40]  con_pile_count  1
    piles[40]  con_pile_service[40]  -5
    piles[40]  con_county_min_piles[1]  1
    piles[41]  con_pile_count  1
    piles[41]  con_pile_service[41]  -5
    piles[41]  con_county_min_piles[1]  1
    piles[42]  con_pile_count  1
    piles[42]  con_pile_service[42]  -5
    piles[42]  con_county_min_piles[1]  1
    piles[43]  con_pile_count  1
    piles[43]  con_pile_service[43]  -5
    piles[43]  con_county_min_piles[1]  1
    piles[44]  con_pile_count  1
    piles[44]  con_pile_service[44]  -5
    piles[44]  con_county_min_piles[1]  1
    piles[45]  con_pile_count  1
    piles[45]  con_pile_service[45]  -5
    piles[45]  con_county_min_piles[1]  1
    piles[46]  con_pile_count  1
    piles[46]  con_pile_service[46]  -5
    piles[46]  con_county_min_piles[1]  1
    piles[47]  con_pile_count  1
    piles[47]  con_pile_service[47]  -5
    piles[47]  con_county_min_piles[1]  1
    piles[48]  con_pile_count  1
    piles[48]  con_pile_service[48]  -5
    piles[48]  con_county_min_piles[1]  1
    piles[49]  con_pile_count  1
    piles[49]  con_pile_service[49]  -5
    piles[49]  con_county_min_piles[1]  1
    piles[50]  con_pile_count  1
    piles[50]  con_pile_service[50]  -5
    piles[50]  con_county_min_piles[1]  1
    piles[51]  con_pile_count  1
    piles[51]  con_pile_service[51]  -5
    piles[51]  con_county_min_piles[1]  1
    piles[52]  con_pile_count  1
    piles[52]  con_pile_service[52]  -5
    piles[52]  con_county_min_piles[1]  1
    piles[53]  con_pile_count  1
    piles[53]  con_pile_service[53]  -5
    piles[53]  con_county_min_piles[1]  1
    piles[54]  con_pile_count  1
    piles[54]  con_pile_service[54]  -5
    piles[54]  con_county_min_piles[1]  1
    piles[55]  con_pile_count  1
    piles[55]  con_pile_service[55]  -5
    piles[55]  con_county_min_piles[1]  1
    piles[56]  con_pile_count  1
    piles[56]  con_pile_service[56]  -5
    piles[56]  con_county_min_piles[1]  1
    piles[57]  con_pile_count  1
    piles[57]  con_pile_service[57]  -5
    piles[57]  con_county_min_piles[1]  1
    piles[58]  con_pile_count  1
    piles[58]  con_pile_service[58]  -5
    piles[58]  con_county_min_piles[1]  1
    piles[59]  con_pile_count  1
    piles[59]  con_pile_service[59]  -5
    piles[59]  con_county_min_piles[1]  1
    piles[60]  con_pile_count  1
    piles[60]  con_pile_service[60]  -5
    piles[60]  con_county_min_piles[0]  1
    piles[61]  con_pile_count  1
    piles[61]  con_pile_service[61]  -5
    piles[61]  con_county_min_piles[1]  1
    piles[62]  con_pile_count  1
    piles[62]  con_pile_service[62]  -5
    piles[62]  con_county_min_piles[1]  1
    piles[63]  con_pile_count  1
    piles[63]  con_pile_service[63]  -5
    piles[63]  con_county_min_piles[0]  1
    piles[64]  con_pile_count  1
    piles[64]  con_pile_service[64]  -5
    piles[64]  con_county_min_piles[0]  1
    piles[65]  con_pile_count  1
    piles[65]  con_pile_service[65]  -5
    piles[65]  con_county_min_piles[1]  1
    piles[66]  con_pile_count  1
    piles[66]  con_pile_service[66]  -5
    piles[66]  con_county_min_piles[1]  1
    piles[67]  con_pile_count  1
    piles[67]  con_pile_service[67]  -5
    piles[67]  con_county_min_piles[0]  1
    piles[68]  con_pile_count  1
    piles[68]  con_pile_service[68]  -5
    piles[68]  con_county_min_piles[1]  1
    piles[69]  con_pile_count  1
    piles[69]  con_pile_service[69]  -5
    piles[69]  con_county_min_piles[0]  1
    piles[70]  con_pile_count  1
    piles[70]  con_pile_service[70]  -5
    piles[70]  con_county_min_piles[0]  1
    piles[71]  con_pile_count  1
    piles[71]  con_pile_service[71]  -5
    piles[71]  con_county_min_piles[0]  1
    piles[72]  con_pile_count  1
    piles[72]  con_pile_service[72]  -5
    piles[72]  con_county_min_piles[0]  1
    piles[73]  con_pile_count  1
    piles[73]  con_pile_service[73]  -5
    piles[73]  con_county_min_piles[0]  1
    piles[74]  con_pile_count  1
    piles[74]  con_pile_service[74]  -5
    piles[74]  con_county_min_piles[0]  1
    piles[75]  con_pile_count  1
    piles[75]  con_pile_service[75]  -5
    piles[75]  con_county_min_piles[0]  1
    piles[76]  con_pile_count  1
    piles[76]  con_pile_service[76]  -5
    piles[76]  con_county_min_piles[0]  1
    piles[77]  con_pile_count  1
    piles[77]  con_pile_service[77]  -5
    piles[77]  con_county_min_piles[0]  1
    piles[78]  con_pile_count  1
    piles[78]  con_pile_service[78]  -5
    piles[78]  con_county_min_piles[0]  1
    piles[79]  con_pile_count  1
    piles[79]  con_pile_service[79]  -5
    piles[79]  con_county_min_piles[0]  1
    piles[80]  con_pile_count  1
    piles[80]  con_pile_service[80]  -5
    piles[80]  con_county_min_piles[0]  1
    piles[81]  con_pile_count  1
    piles[81]  con_pile_service[81]  -5
    piles[81]  con_county_min_piles[0]  1
    piles[82]  con_pile_count  1
    piles[82]  con_pile_service[82]  -5
    piles[82]  con_county_min_piles[0]  1
    piles[83]  con_pile_count  1
    piles[83]  con_pile_service[83]  -5
    piles[83]  con_county_min_piles[0]  1
    piles[84]  con_pile_count  1
    piles[84]  con_pile_service[84]  -5
    piles[84]  con_county_min_piles[0]  1
    piles[85]  con_pile_count  1
    piles[85]  con_pile_service[85]  -5
    piles[85]  con_county_min_piles[0]  1
    piles[86]  con_pile_count  1
    piles[86]  con_pile_service[86]  -5
    piles[86]  con_county_min_piles[0]  1
    piles[87]  con_pile_count  1
    piles[87]  con_pile_service[87]  -5
    piles[87]  con_county_min_piles[0]  1
    piles[88]  con_pile_count  1
    piles[88]  con_pile_service[88]  -5
    piles[88]  con_county_min_piles[0]  1
    piles[89]  con_pile_count  1
    piles[89]  con_pile_service[89]  -5
    piles[89]  con_county_min_piles[0]  1
    piles[90]  con_pile_count  1
    piles[90]  con_pile_service[90]  -5
    piles[90]  con_county_min_piles[0]  1
    piles[91]  con_pile_count  1
    piles[91]  con_pile_service[91]  -5
    piles[91]  con_county_min_piles[0]  1
    piles[92]  con_pile_count  1
    piles[92]  con_pile_service[92]  -5
    piles[92]  con_county_min_piles[0]  1
    piles[93]  con_pile_count  1
    piles[93]  con_pile_service[93]  -5
    piles[93]  con_county_min_piles[0]  1
    piles[94]  con_pile_count  1
    piles[94]  con_pile_service[94]  -5
    piles[94]  con_county_min_piles[0]  1
    piles[95]  con_pile_count  1
    piles[95]  con_pile_service[95]  -5
    piles[95]  con_county_min_piles[0]  1
    piles[96]  con_pile_count  1
    piles[96]  con_pile_service[96]  -5
    piles[96]  con_county_min_piles[0]  1
    piles[97]  con_pile_count  1
    piles[97]  con_pile_service[97]  -5
    piles[97]  con_county_min_piles[0]  1
    piles[98]  con_pile_count  1
    piles[98]  con_pile_service[98]  -5
    piles[98]  con_county_min_piles[0]  1
    piles[99]  con_pile_count  1
    piles[99]  con_pile_service[99]  -5
    piles[99]  con_county_min_piles[0]  1
    piles[100]  con_pile_count  1
    piles[100]  con_pile_service[100]  -5
    piles[100]  con_county_min_piles[0]  1
    piles[101]  con_pile_count  1
    piles[101]  con_pile_service[101]  -5
    piles[101]  con_county_min_piles[0]  1
    piles[102]  con_pile_count  1
    piles[102]  con_pile_service[102]  -5
    piles[102]  con_county_min_piles[0]  1
    piles[103]  con_pile_count  1
    piles[103]  con_pile_service[103]  -5
    piles[103]  con_county_min_piles[0]  1
    piles[104]  con_pile_count  1
    piles[104]  con_pile_service[104]  -5
    piles[104]  con_county_min_piles[0]  1
    piles[105]  con_pile_count  1
    piles[105]  con_pile_service[105]  -5
    piles[105]  con_county_min_piles[0]  1
    piles[106]  con_pile_count  1
    piles[106]  con_pile_service[106]  -5
    piles[106]  con_county_min_piles[0]  1
    piles[107]  con_pile_count  1
    piles[107]  con_pile_service[107]  -5
    piles[107]  con_county_min_piles[0]  1
    piles[108]  con_pile_count  1
    piles[108]  con_pile_service[108]  -5
    piles[108]  con_county_min_piles[0]  1
    piles[109]  con_pile_count  1
    piles[109]  con_pile_service[109]  -5
    piles[109]  con_county_min_piles[0]  1
    piles[110]  con_pile_count  1
    piles[110]  con_pile_service[110]  -5
    piles[110]  con_county_min_piles[0]  1
    piles[111]  con_pile_count  1
    piles[111]  con_pile_service[111]  -5
    piles[111]  con_county_min_piles[0]  1
    piles[112]  con_pile_count  1
    piles[112]  con_pile_service[112]  -5
    piles[112]  con_county_min_piles[0]  1
    piles[113]  con_pile_count  1
    piles[113]  con_pile_service[113]  -5
    piles[113]  con_county_min_piles[0]  1
    piles[114]  con_pile_count  1
    piles[114]  con_pile_service[114]  -5
    piles[114]  con_county_min_piles[0]  1
    piles[115]  con_pile_count  1
    piles[115]  con_pile_service[115]  -5
    piles[115]  con_county_min_piles[0]  1
    piles[116]  con_pile_count  1
    piles[116]  con_pile_service[116]  -5
    piles[116]  con_county_min_piles[0]  1
    piles[117]  con_pile_count  1
    piles[117]  con_pile_service[117]  -5
    piles[117]  con_county_min_piles[1]  1
    piles[118]  con_pile_count  1
    piles[118]  con_pile_service[118]  -5
    piles[118]  con_county_min_piles[1]  1
    piles[119]  con_pile_count  1
    piles[119]  con_pile_service[119]  -5
    piles[119]  con_county_min_piles[1]  1
    piles[120]  con_pile_count  1
    piles[120]  con_pile_service[120]  -5
    piles[120]  con_county_min_piles[1]  1
    piles[121]  con_pile_count  1
    piles[121]  con_pile_service[121]  -5
    piles[121]  con_county_min_piles[1]  1
    piles[122]  con_pile_count  1
    piles[122]  con_pile_service[122]  -5
    piles[122]  con_county_min_piles[1]  1
    piles[123]  con_pile_count  1
    piles[123]  con_pile_service[123]  -5
    piles[123]  con_county_min_piles[1]  1
    piles[124]  con_pile_count  1
    piles[124]  con_pile_service[124]  -5
    piles[124]  con_county_min_piles[1]  1
    piles[125]  con_pile_count  1
    piles[125]  con_pile_service[125]  -5
    piles[125]  con_county_min_piles[1]  1
    piles[126]  con_pile_count  1
    piles[126]  con_pile_service[126]  -5
    piles[126]  con_county_min_piles[1]  1
    piles[127]  con_pile_count  1
    piles[127]  con_pile_service[127]  -5
    piles[127]  con_county_min_piles[1]  1
    piles[128]  con_pile_count  1
    piles[128]  con_pile_service[128]  -5
    piles[128]  con_county_min_piles[1]  1
    piles[129]  con_pile_count  1
    piles[129]  con_pile_service[129]  -5
    piles[129]  con_county_min_piles[1]  1
    piles[130]  con_pile_count  1
    piles[130]  con_pile_service[130]  -5
    piles[130]  con_county_min_piles[1]  1
    piles[131]  con_pile_count  1
    piles[131]  con_pile_service[131]  -5
    piles[131]  con_county_min_piles[1]  1
    piles[132]  con_pile_count  1
    piles[132]  con_pile_service[132]  -5
    piles[132]  con_county_min_piles[1]  1
    piles[133]  con_pile_count  1
    piles[133]  con_pile_service[133]  -5
    piles[133]  con_county_min_piles[1]  1
    piles[134]  con_pile_count  1
    piles[134]  con_pile_service[134]  -5
    piles[134]  con_county_min_piles[1]  1
    piles[135]  con_pile_count  1
    piles[135]  con_pile_service[135]  -5
    piles[135]  con_county_min_piles[1]  1
    piles[136]  con_pile_count  1
    piles[136]  con_pile_service[136]  -5
    piles[136]  con_county_min_piles[1]  1
    piles[137]  con_pile_count  1
    piles[137]  con_pile_service[137]  -5
    piles[137]  con_county_min_piles[1]  1
    piles[138]  con_pile_count  1
    piles[138]  con_pile_service[138]  -5
    piles[138]  con_county_min_piles[1]  1
    piles[139]  con_pile_count  1
    piles[139]  con_pile_service[139]  -5
    piles[139]  con_county_min_piles[1]  1
    piles[140]  con_pile_count  1
    piles[140]  con_pile_service[140]  -5
    piles[140]  con_county_min_piles[1]  1
    piles[141]  con_pile_count  1
    piles[141]  con_pile_service[141]  -5
    piles[141]  con_county_min_piles[1]  1
    piles[142]  con_pile_count  1
    piles[142]  con_pile_service[142]  -5
    piles[142]  con_county_min_piles[1]  1
    piles[143]  con_pile_count  1
    piles[143]  con_pile_service[143]  -5
    piles[143]  con_county_min_piles[1]  1
    piles[144]  con_pile_count  1
    piles[144]  con_pile_service[144]  -5
    piles[144]  con_county_min_piles[1]  1
    piles[145]  con_pile_count  1
    piles[145]  con_pile_service[145]  -5
    piles[145]  con_county_min_piles[1]  1
    piles[146]  con_pile_count  1
    piles[146]  con_pile_service[146]  -5
    piles[146]  con_county_min_piles[1]  1
    piles[147]  con_pile_count  1
    piles[147]  con_pile_service[147]  -5
    piles[147]  con_county_min_piles[1]  1
    piles[148]  con_pile_count  1
    piles[148]  con_pile_service[148]  -5
    piles[148]  con_county_min_piles[1]  1
    piles[149]  con_pile_count  1
    piles[149]  con_pile_service[149]  -5
    piles[149]  con_county_min_piles[1]  1
    piles[150]  con_pile_count  1
    piles[150]  con_pile_service[150]  -5
    piles[150]  con_county_min_piles[1]  1
    piles[151]  con_pile_count  1
    piles[151]  con_pile_service[151]  -5
    piles[151]  con_county_min_piles[1]  1
    piles[152]  con_pile_count  1
    piles[152]  con_pile_service[152]  -5
    piles[152]  con_county_min_piles[1]  1
    piles[153]  con_pile_count  1
    piles[153]  con_pile_service[153]  -5
    piles[153]  con_county_min_piles[1]  1
    piles[154]  con_pile_count  1
    piles[154]  con_pile_service[154]  -5
    piles[154]  con_county_min_piles[0]  1
    piles[155]  con_pile_count  1
    piles[155]  con_pile_service[155]  -5
    piles[155]  con_county_min_piles[0]  1
    piles[156]  con_pile_count  1
    piles[156]  con_pile_service[156]  -5
    piles[156]  con_county_min_piles[0]  1
    piles[157]  con_pile_count  1
    piles[157]  con_pile_service[157]  -5
    piles[157]  con_county_min_piles[0]  1
    piles[158]  con_pile_count  1
    piles[158]  con_pile_service[158]  -5
    piles[158]  con_county_min_piles[0]  1
    piles[159]  con_pile_count  1
    piles[159]  con_pile_service[159]  -5
    piles[159]  con_county_min_piles[0]  1
    piles[160]  con_pile_count  1
    piles[160]  con_pile_service[160]  -5
    piles[160]  con_county_min_piles[0]  1
    piles[161]  con_pile_count  1
    piles[161]  con_pile_service[161]  -5
    piles[161]  con_county_min_piles[0]  1
    piles[162]  con_pile_count  1
    piles[162]  con_pile_service[162]  -5
    piles[162]  con_county_min_piles[0]  1
    piles[163]  con_pile_count  1
    piles[163]  con_pile_service[163]  -5
    piles[163]  con_county_min_piles[0]  1
    piles[164]  con_pile_count  1
    piles[164]  con_pile_service[164]  -5
    piles[164]  con_county_min_piles[1]  1
    piles[165]  con_pile_count  1
    piles[165]  con_pile_service[165]  -5
    piles[165]  con_county_min_piles[1]  1
    piles[166]  con_pile_count  1
    piles[166]  con_pile_service[166]  -5
    piles[166]  con_county_min_piles[1]  1
    piles[167]  con_pile_count  1
    piles[167]  con_pile_service[167]  -5
    piles[167]  con_county_min_piles[1]  1
    piles[168]  con_pile_count  1
    piles[168]  con_pile_service[168]  -5
    piles[168]  con_county_min_piles[1]  1
    piles[169]  con_pile_count  1
    piles[169]  con_pile_service[169]  -5
    piles[169]  con_county_min_piles[1]  1
    piles[170]  con_pile_count  1
    piles[170]  con_pile_service[170]  -5
    piles[170]  con_county_min_piles[1]  1
    piles[171]  con_pile_count  1
    piles[171]  con_pile_service[171]  -5
    piles[171]  con_county_min_piles[1]  1
    piles[172]  con_pile_count  1
    piles[172]  con_pile_service[172]  -5
    piles[172]  con_county_min_piles[1]  1
    piles[173]  con_pile_count  1
    piles[173]  con_pile_service[173]  -5
    piles[173]  con_county_min_piles[1]  1
    piles[174]  con_pile_count  1
    piles[174]  con_pile_service[174]  -5
    piles[174]  con_county_min_piles[0]  1
    piles[175]  con_pile_count  1
    piles[175]  con_pile_service[175]  -5
    piles[175]  con_county_min_piles[0]  1
    piles[176]  con_pile_count  1
    piles[176]  con_pile_service[176]  -5
    piles[176]  con_county_min_piles[0]  1
    piles[177]  con_pile_count  1
    piles[177]  con_pile_service[177]  -5
    piles[177]  con_county_min_piles[0]  1
    piles[178]  con_pile_count  1
    piles[178]  con_pile_service[178]  -5
    piles[178]  con_county_min_piles[0]  1
    piles[179]  con_pile_count  1
    piles[179]  con_pile_service[179]  -5
    piles[179]  con_county_min_piles[0]  1
    piles[180]  con_pile_count  1
    piles[180]  con_pile_service[180]  -5
    piles[180]  con_county_min_piles[0]  1
    piles[181]  con_pile_count  1
    piles[181]  con_pile_service[181]  -5
    piles[181]  con_county_min_piles[0]  1
    piles[182]  con_pile_count  1
    piles[182]  con_pile_service[182]  -5
    piles[182]  con_county_min_piles[0]  1
    piles[183]  con_pile_count  1
    piles[183]  con_pile_service[183]  -5
    piles[183]  con_county_min_piles[0]  1
    piles[184]  con_pile_count  1
    piles[184]  con_pile_service[184]  -5
    piles[184]  con_county_min_piles[0]  1
    piles[185]  con_pile_count  1
    piles[185]  con_pile_service[185]  -5
    piles[185]  con_county_min_piles[0]  1
    piles[186]  con_pile_count  1
    piles[186]  con_pile_service[186]  -5
    piles[186]  con_county_min_piles[0]  1
    piles[187]  con_pile_count  1
    piles[187]  con_pile_service[187]  -5
    piles[187]  con_county_min_piles[0]  1
    piles[188]  con_pile_count  1
    piles[188]  con_pile_service[188]  -5
    piles[188]  con_county_min_piles[0]  1
    piles[189]  con_pile_count  1
    piles[189]  con_pile_service[189]  -5
    piles[189]  con_county_min_piles[0]  1
    piles[190]  con_pile_count  1
    piles[190]  con_pile_service[190]  -5
    piles[190]  con_county_min_piles[0]  1
    piles[191]  con_pile_count  1
    piles[191]  con_pile_service[191]  -5
    piles[191]  con_county_min_piles[0]  1
    piles[192]  con_pile_count  1
    piles[192]  con_pile_service[192]  -5
    piles[192]  con_county_min_piles[0]  1
    piles[193]  con_pile_count  1
    piles[193]  con_pile_service[193]  -5
    piles[193]  con_county_min_piles[0]  1
    piles[194]  con_pile_count  1
    piles[194]  con_pile_service[194]  -5
    piles[194]  con_county_min_piles[0]  1
    piles[195]  con_pile_count  1
    piles[195]  con_pile_service[195]  -5
    piles[195]  con_county_min_piles[0]  1
    piles[196]  con_pile_count  1
    piles[196]  con_pile_service[196]  -5
    piles[196]  con_county_min_piles[0]  1
    piles[197]  con_pile_count  1
    piles[197]  con_pile_service[197]  -5
    piles[197]  con_county_min_piles[0]  1
    piles[198]  con_pile_count  1
    piles[198]  con_pile_service[198]  -5
    piles[198]  con_county_min_piles[0]  1
    piles[199]  con_pile_count  1
    piles[199]  con_pile_service[199]  -5
    piles[199]  con_county_min_piles[0]  1
    piles[200]  con_pile_count  1
    piles[200]  con_pile_service[200]  -5
    piles[200]  con_county_min_piles[0]  1
    piles[201]  con_pile_count  1
    piles[201]  con_pile_service[201]  -5
    piles[201]  con_county_min_piles[0]  1
    piles[202]  con_pile_count  1
    piles[202]  con_pile_service[202]  -5
    piles[202]  con_county_min_piles[0]  1
    piles[203]  con_pile_count  1
    piles[203]  con_pile_service[203]  -5
    piles[203]  con_county_min_piles[0]  1
    piles[204]  con_pile_count  1
    piles[204]  con_pile_service[204]  -5
    piles[204]  con_county_min_piles[0]  1
    piles[205]  con_pile_count  1
    piles[205]  con_pile_service[205]  -5
    piles[205]  con_county_min_piles[1]  1
    piles[206]  con_pile_count  1
    piles[206]  con_pile_service[206]  -5
    piles[206]  con_county_min_piles[1]  1
    piles[207]  con_pile_count  1
    piles[207]  con_pile_service[207]  -5
    piles[207]  con_county_min_piles[1]  1
    piles[208]  con_pile_count  1
    piles[208]  con_pile_service[208]  -5
    piles[208]  con_county_min_piles[1]  1
    piles[209]  con_pile_count  1
    piles[209]  con_pile_service[209]  -5
    piles[209]  con_county_min_piles[1]  1
    piles[210]  con_pile_count  1
    piles[210]  con_pile_service[210]  -5
    piles[210]  con_county_min_piles[1]  1
    piles[211]  con_pile_count  1
    piles[211]  con_pile_service[211]  -5
    piles[211]  con_county_min_piles[1]  1
    piles[212]  con_pile_count  1
    piles[212]  con_pile_service[212]  -5
    piles[212]  con_county_min_piles[1]  1
    piles[213]  con_pile_count  1
    piles[213]  con_pile_service[213]  -5
    piles[213]  con_county_min_piles[1]  1
    piles[214]  con_pile_count  1
    piles[214]  con_pile_service[214]  -5
    piles[214]  con_county_min_piles[1]  1
    piles[215]  con_pile_count  1
    piles[215]  con_pile_service[215]  -5
    piles[215]  con_county_min_piles[1]  1
    piles[216]  con_pile_count  1
    piles[216]  con_pile_service[216]  -5
    piles[216]  con_county_min_piles[1]  1
    piles[217]  con_pile_count  1
    piles[217]  con_pile_service[217]  -5
    piles[217]  con_county_min_piles[1]  1
    piles[218]  con_pile_count  1
    piles[218]  con_pile_service[218]  -5
    piles[218]  con_county_min_piles[1]  1
    piles[219]  con_pile_count  1
    piles[219]  con_pile_service[219]  -5
    piles[219]  con_county_min_piles[1]  1
    piles[220]  con_pile_count  1
    piles[220]  con_pile_service[220]  -5
    piles[220]  con_county_min_piles[1]  1
    piles[221]  con_pile_count  1
    piles[221]  con_pile_service[221]  -5
    piles[221]  con_county_min_piles[1]  1
    piles[222]  con_pile_count  1
    piles[222]  con_pile_service[222]  -5
    piles[222]  con_county_min_piles[1]  1
    piles[223]  con_pile_count  1
    piles[223]  con_pile_service[223]  -5
    piles[223]  con_county_min_piles[1]  1
    piles[224]  con_pile_count  1
    piles[224]  con_pile_service[224]  -5
    piles[224]  con_county_min_piles[1]  1
    piles[225]  con_pile_count  1
    piles[225]  con_pile_service[225]  -5
    piles[225]  con_county_min_piles[1]  1
    piles[226]  con_pile_count  1
    piles[226]  con_pile_service[226]  -5
    piles[226]  con_county_min_piles[1]  1
    piles[227]  con_pile_count  1
    piles[227]  con_pile_service[227]  -5
    piles[227]  con_county_min_piles[1]  1
    piles[228]  con_pile_count  1
    piles[228]  con_pile_service[228]  -5
    piles[228]  con_county_min_piles[1]  1
    piles[229]  con_pile_count  1
    piles[229]  con_pile_service[229]  -5
    piles[229]  con_county_min_piles[1]  1
    piles[230]  con_pile_count  1
    piles[230]  con_pile_service[230]  -5
    piles[230]  con_county_min_piles[1]  1
    piles[231]  con_pile_count  1
    piles[231]  con_pile_service[231]  -5
    piles[231]  con_county_min_piles[1]  1
    piles[232]  con_pile_count  1
    piles[232]  con_pile_service[232]  -5
    piles[232]  con_county_min_piles[1]  1
    piles[233]  con_pile_count  1
    piles[233]  con_pile_service[233]  -5
    piles[233]  con_county_min_piles[1]  1
    piles[234]  con_pile_count  1
    piles[234]  con_pile_service[234]  -5
    piles[234]  con_county_min_piles[1]  1
    piles[235]  con_pile_count  1
    piles[235]  con_pile_service[235]  -5
    piles[235]  con_county_min_piles[1]  1
    piles[236]  con_pile_count  1
    piles[236]  con_pile_service[236]  -5
    piles[236]  con_county_min_piles[1]  1
    piles[237]  con_pile_count  1
    piles[237]  con_pile_service[237]  -5
    piles[237]  con_county_min_piles[1]  1
    piles[238]  con_pile_count  1
    piles[238]  con_pile_service[238]  -5
    piles[238]  con_county_min_piles[1]  1
    piles[239]  con_pile_count  1
    piles[239]  con_pile_service[239]  -5
    piles[239]  con_county_min_piles[1]  1
    piles[240]  con_pile_count  1
    piles[240]  con_pile_service[240]  -5
    piles[240]  con_county_min_piles[1]  1
    piles[241]  con_pile_count  1
    piles[241]  con_pile_service[241]  -5
    piles[241]  con_county_min_piles[1]  1
    piles[242]  con_pile_count  1
    piles[242]  con_pile_service[242]  -5
    piles[242]  con_county_min_piles[0]  1
    piles[243]  con_pile_count  1
    piles[243]  con_pile_service[243]  -5
    piles[243]  con_county_min_piles[0]  1
    piles[244]  con_pile_count  1
    piles[244]  con_pile_service[244]  -5
    piles[244]  con_county_min_piles[0]  1
    piles[245]  con_pile_count  1
    piles[245]  con_pile_service[245]  -5
    piles[245]  con_county_min_piles[0]  1
    piles[246]  con_pile_count  1
    piles[246]  con_pile_service[246]  -5
    piles[246]  con_county_min_piles[0]  1
    piles[247]  con_pile_count  1
    piles[247]  con_pile_service[247]  -5
    piles[247]  con_county_min_piles[0]  1
    piles[248]  con_pile_count  1
    piles[248]  con_pile_service[248]  -5
    piles[248]  con_county_min_piles[0]  1
    piles[249]  con_pile_count  1
    piles[249]  con_pile_service[249]  -5
    piles[249]  con_county_min_piles[0]  1
    piles[250]  con_pile_count  1
    piles[250]  con_pile_service[250]  -5
    piles[250]  con_county_min_piles[0]  1
    piles[251]  con_pile_count  1
    piles[251]  con_pile_service[251]  -5
    piles[251]  con_county_min_piles[0]  1
    piles[252]  con_pile_count  1
    piles[252]  con_pile_service[252]  -5
    piles[252]  con_county_min_piles[0]  1
    piles[253]  con_pile_count  1
    piles[253]  con_pile_service[253]  -5
    piles[253]  con_county_min_piles[0]  1
    piles[254]  con_pile_count  1
    piles[254]  con_pile_service[254]  -5
    piles[254]  con_county_min_piles[0]  1
    piles[255]  con_pile_count  1
    piles[255]  con_pile_service[255]  -5
    piles[255]  con_county_min_piles[1]  1
    piles[256]  con_pile_count  1
    piles[256]  con_pile_service[256]  -5
    piles[256]  con_county_min_piles[1]  1
    piles[257]  con_pile_count  1
    piles[257]  con_pile_service[257]  -5
    piles[257]  con_county_min_piles[1]  1
    piles[258]  con_pile_count  1
    piles[258]  con_pile_service[258]  -5
    piles[258]  con_county_min_piles[1]  1
    piles[259]  con_pile_count  1
    piles[259]  con_pile_service[259]  -5
    piles[259]  con_county_min_piles[1]  1
    piles[260]  con_pile_count  1
    piles[260]  con_pile_service[260]  -5
    piles[260]  con_county_min_piles[1]  1
    piles[261]  con_pile_count  1
    piles[261]  con_pile_service[261]  -5
    piles[261]  con_county_min_piles[1]  1
    piles[262]  con_pile_count  1
    piles[262]  con_pile_service[262]  -5
    piles[262]  con_county_min_piles[1]  1
    piles[263]  con_pile_count  1
    piles[263]  con_pile_service[263]  -5
    piles[263]  con_county_min_piles[1]  1
    piles[264]  con_pile_count  1
    piles[264]  con_pile_service[264]  -5
    piles[264]  con_county_min_piles[1]  1
    piles[265]  con_pile_count  1
    piles[265]  con_pile_service[265]  -5
    piles[265]  con_county_min_piles[1]  1
    piles[266]  con_pile_count  1
    piles[266]  con_pile_service[266]  -5
    piles[266]  con_county_min_piles[1]  1
    piles[267]  con_pile_count  1
    piles[267]  con_pile_service[267]  -5
    piles[267]  con_county_min_piles[1]  1
    piles[268]  con_pile_count  1
    piles[268]  con_pile_service[268]  -5
    piles[268]  con_county_min_piles[1]  1
    piles[269]  con_pile_count  1
    piles[269]  con_pile_service[269]  -5
    piles[269]  con_county_min_piles[1]  1
    piles[270]  con_pile_count  1
    piles[270]  con_pile_service[270]  -5
    piles[270]  con_county_min_piles[1]  1
    piles[271]  con_pile_count  1
    piles[271]  con_pile_service[271]  -5
    piles[271]  con_county_min_piles[1]  1
    piles[272]  con_pile_count  1
    piles[272]  con_pile_service[272]  -5
    piles[272]  con_county_min_piles[1]  1
    piles[273]  con_pile_count  1
    piles[273]  con_pile_service[273]  -5
    piles[273]  con_county_min_piles[1]  1
    piles[274]  con_pile_count  1
    piles[274]  con_pile_service[274]  -5
    piles[274]  con_county_min_piles[1]  1
    piles[275]  con_pile_count  1
    piles[275]  con_pile_service[275]  -5
    piles[275]  con_county_min_piles[1]  1
    piles[276]  con_pile_count  1
    piles[276]  con_pile_service[276]  -5
    piles[276]  con_county_min_piles[1]  1
    piles[277]  con_pile_count  1
    piles[277]  con_pile_service[277]  -5
    piles[277]  con_county_min_piles[1]  1
    piles[278]  con_pile_count  1
    piles[278]  con_pile_service[278]  -5
    piles[278]  con_county_min_piles[1]  1
    piles[279]  con_pile_count  1
    piles[279]  con_pile_service[279]  -5
    piles[279]  con_county_min_piles[1]  1
    piles[280]  con_pile_count  1
    piles[280]  con_pile_service[280]  -5
    piles[280]  con_county_min_piles[1]  1
    piles[281]  con_pile_count  1
    piles[281]  con_pile_service[281]  -5
    piles[281]  con_county_min_piles[1]  1
    piles[282]  con_pile_count  1
    piles[282]  con_pile_service[282]  -5
    piles[282]  con_county_min_piles[1]  1
    piles[283]  con_pile_count  1
    piles[283]  con_pile_service[283]  -5
    piles[283]  con_county_min_piles[0]  1
    piles[284]  con_pile_count  1
    piles[284]  con_pile_service[284]  -5
    piles[284]  con_county_min_piles[0]  1
    piles[285]  con_pile_count  1
    piles[285]  con_pile_service[285]  -5
    piles[285]  con_county_min_piles[1]  1
    piles[286]  con_pile_count  1
    piles[286]  con_pile_service[286]  -5
    piles[286]  con_county_min_piles[1]  1
    piles[287]  con_pile_count  1
    piles[287]  con_pile_service[287]  -5
    piles[287]  con_county_min_piles[0]  1
    piles[288]  con_pile_count  1
    piles[288]  con_pile_service[288]  -5
    piles[288]  con_county_min_piles[0]  1
    piles[289]  con_pile_count  1
    piles[289]  con_pile_service[289]  -5
    piles[289]  con_county_min_piles[0]  1
    piles[290]  con_pile_count  1
    piles[290]  con_pile_service[290]  -5
    piles[290]  con_county_min_piles[0]  1
    piles[291]  con_pile_count  1
    piles[291]  con_pile_service[291]  -5
    piles[291]  con_county_min_piles[0]  1
    piles[292]  con_pile_count  1
    piles[292]  con_pile_service[292]  -5
    piles[292]  con_county_min_piles[0]  1
    piles[293]  con_pile_count  1
    piles[293]  con_pile_service[293]  -5
    piles[293]  con_county_min_piles[0]  1
    piles[294]  con_pile_count  1
    piles[294]  con_pile_service[294]  -5
    piles[294]  con_county_min_piles[0]  1
    piles[295]  con_pile_count  1
    piles[295]  con_pile_service[295]  -5
    piles[295]  con_county_min_piles[0]  1
    piles[296]  con_pile_count  1
    piles[296]  con_pile_service[296]  -5
    piles[296]  con_county_min_piles[0]  1
    piles[297]  con_pile_count  1
    piles[297]  con_pile_service[297]  -5
    piles[297]  con_county_min_piles[0]  1
    piles[298]  con_pile_count  1
    piles[298]  con_pile_service[298]  -5
    piles[298]  con_county_min_piles[0]  1
    piles[299]  con_pile_count  1
    piles[299]  con_pile_service[299]  -5
    piles[299]  con_county_min_piles[0]  1
    piles[300]  con_pile_count  1
    piles[300]  con_pile_service[300]  -5
    piles[300]  con_county_min_piles[0]  1
    piles[301]  con_pile_count  1
    piles[301]  con_pile_service[301]  -5
    piles[301]  con_county_min_piles[0]  1
    piles[302]  con_pile_count  1
    piles[302]  con_pile_service[302]  -5
    piles[302]  con_county_min_piles[0]  1
    piles[303]  con_pile_count  1
    piles[303]  con_pile_service[303]  -5
    piles[303]  con_county_min_piles[0]  1
    piles[304]  con_pile_count  1
    piles[304]  con_pile_service[304]  -5
    piles[304]  con_county_min_piles[0]  1
    piles[305]  con_pile_count  1
    piles[305]  con_pile_service[305]  -5
    piles[305]  con_county_min_piles[0]  1
    MARK0003  'MARKER'                 'INTEND'
    slow_flow[27,266]  Obj       1
    slow_flow[27,266]  con_slow_demand[27]  1
    slow_flow[27,266]  con_pile_service[266]  1
    slow_flow[28,214]  Obj       1
    slow_flow[28,214]  con_slow_demand[28]  1
    slow_flow[28,214]  con_pile_service[214]  1
    slow_flow[28,267]  Obj       1
    slow_flow[28,267]  con_slow_demand[28]  1
    slow_flow[28,267]  con_pile_service[267]  1
    slow_flow[29,166]  Obj       1
    slow_flow[29,166]  con_slow_demand[29]  1
    slow_flow[29,166]  con_pile_service[166]  1
    slow_flow[29,214]  Obj       1
    slow_flow[29,214]  con_slow_demand[29]  1
    slow_flow[29,214]  con_pile_service[214]  1
    slow_flow[29,215]  Obj       1
    slow_flow[29,215]  con_slow_demand[29]  1
    slow_flow[29,215]  con_pile_service[215]  1
    slow_flow[29,217]  Obj       1
    slow_flow[29,217]  con_slow_demand[29]  1
    slow_flow[29,217]  con_pile_service[217]  1
    slow_flow[29,222]  Obj       1
    slow_flow[29,222]  con_slow_demand[29]  1
    slow_flow[29,222]  con_pile_service[222]  1
    slow_flow[29,268]  Obj       1
    slow_flow[29,268]  con_slow_demand[29]  1
    slow_flow[29,268]  con_pile_service[268]  1
    slow_flow[30,217]  Obj       1
    slow_flow[30,217]  con_slow_demand[30]  1
    slow_flow[30,217]  con_pile_service[217]  1
    slow_flow[30,269]  Obj       1
    slow_flow[30,269]  con_slow_demand[30]  1
    slow_flow[30,269]  con_pile_service[269]  1
    slow_flow[31,164]  Obj       1
    slow_flow[31,164]  con_slow_demand[31]  1
    slow_flow[31,164]  con_pile_service[164]  1
    slow_flow[31,206]  Obj       1
    slow_flow[31,206]  con_slow_demand[31]  1
    slow_flow[31,206]  con_pile_service[206]  1
    slow_flow[31,207]  Obj       1
    slow_flow[31,207]  con_slow_demand[31]  1
    slow_flow[31,207]  con_pile_service[207]  1
    slow_flow[31,210]  Obj       1
    slow_flow[31,210]  con_slow_demand[31]  1
    slow_flow[31,210]  con_pile_service[210]  1
    slow_flow[31,213]  Obj       1
    slow_flow[31,213]  con_slow_demand[31]  1
    slow_flow[31,213]  con_pile_service[213]  1
    slow_flow[31,230]  Obj       1
    slow_flow[31,230]  con_slow_demand[31]  1
    slow_flow[31,230]  con_pile_service[230]  1
    slow_flow[31,270]  Obj       1
    slow_flow[31,270]  con_slow_demand[31]  1
    slow_flow[31,270]  con_pile_service[270]  1
    slow_flow[32,165]  Obj       1
    slow_flow[32,165]  con_slow_demand[32]  1
    slow_flow[32,165]  con_pile_service[165]  1
    slow_flow[32,209]  Obj       1
    slow_flow[32,209]  con_slow_demand[32]  1
    slow_flow[32,209]  con_pile_service[209]  1
    slow_flow[32,215]  Obj       1
    slow_flow[32,215]  con_slow_demand[32]  1
    slow_flow[32,215]  con_pile_service[215]  1
    slow_flow[32,221]  Obj       1
    slow_flow[32,221]  con_slow_demand[32]  1
    slow_flow[32,221]  con_pile_service[221]  1
    slow_flow[32,223]  Obj       1
    slow_flow[32,223]  con_slow_demand[32]  1
    slow_flow[32,223]  con_pile_service[223]  1
    slow_flow[32,271]  Obj       1
    slow_flow[32,271]  con_slow_demand[32]  1
    slow_flow[32,271]  con_pile_service[271]  1
    slow_flow[33,173]  Obj       1
    slow_flow[33,173]  con_slow_demand[33]  1
    slow_flow[33,173]  con_pile_service[173]  1
    slow_flow[33,209]  Obj       1
    slow_flow[33,209]  con_slow_demand[33]  1
    slow_flow[33,209]  con_pile_service[209]  1
    slow_flow[33,217]  Obj       1
    slow_flow[33,217]  con_slow_demand[33]  1
    slow_flow[33,217]  con_pile_service[217]  1
    slow_flow[33,226]  Obj       1
    slow_flow[33,226]  con_slow_demand[33]  1
    slow_flow[33,226]  con_pile_service[226]  1
    slow_flow[33,272]  Obj       1
    slow_flow[33,272]  con_slow_demand[33]  1
    slow_flow[33,272]  con_pile_service[272]  1
    slow_flow[34,207]  Obj       1
    slow_flow[34,207]  con_slow_demand[34]  1
    slow_flow[34,207]  con_pile_service[207]  1
    slow_flow[34,230]  Obj       1
    slow_flow[34,230]  con_slow_demand[34]  1
    slow_flow[34,230]  con_pile_service[230]  1
    slow_flow[34,273]  Obj       1
    slow_flow[34,273]  con_slow_demand[34]  1
    slow_flow[34,273]  con_pile_service[273]  1
    slow_flow[35,225]  Obj       1
    slow_flow[35,225]  con_slow_demand[35]  1
    slow_flow[35,225]  con_pile_service[225]  1
    slow_flow[35,229]  Obj       1
    slow_flow[35,229]  con_slow_demand[35]  1
    slow_flow[35,229]  con_pile_service[229]  1
    slow_flow[35,234]  Obj       1
    slow_flow[35,234]  con_slow_demand[35]  1
    slow_flow[35,234]  con_pile_service[234]  1
    slow_flow[35,241]  Obj       1
    slow_flow[35,241]  con_slow_demand[35]  1
    slow_flow[35,241]  con_pile_service[241]  1
    slow_flow[35,274]  Obj       1
    slow_flow[35,274]  con_slow_demand[35]  1
    slow_flow[35,274]  con_pile_service[274]  1
    slow_flow[36,61]  Obj       1
    slow_flow[36,61]  con_slow_demand[36]  1
    slow_flow[36,61]  con_pile_service[61]  1
    slow_flow[36,170]  Obj       1
    slow_flow[36,170]  con_slow_demand[36]  1
    slow_flow[36,170]  con_pile_service[170]  1
    slow_flow[36,171]  Obj       1
    slow_flow[36,171]  con_slow_demand[36]  1
    slow_flow[36,171]  con_pile_service[171]  1
    slow_flow[36,225]  Obj       1
    slow_flow[36,225]  con_slow_demand[36]  1
    slow_flow[36,225]  con_pile_service[225]  1
    slow_flow[36,226]  Obj       1
    slow_flow[36,226]  con_slow_demand[36]  1
    slow_flow[36,226]  con_pile_service[226]  1
    slow_flow[36,228]  Obj       1
    slow_flow[36,228]  con_slow_demand[36]  1
    slow_flow[36,228]  con_pile_service[228]  1
    slow_flow[36,229]  Obj       1
    slow_flow[36,229]  con_slow_demand[36]  1
    slow_flow[36,229]  con_pile_service[229]  1
    slow_flow[36,236]  Obj       1
    slow_flow[36,236]  con_slow_demand[36]  1
    slow_flow[36,236]  con_pile_service[236]  1
    slow_flow[36,275]  Obj       1
    slow_flow[36,275]  con_slow_demand[36]  1
    slow_flow[36,275]  con_pile_service[275]  1
    slow_flow[37,167]  Obj       1
    slow_flow[37,167]  con_slow_demand[37]  1
    slow_flow[37,167]  con_pile_service[167]  1
    slow_flow[37,276]  Obj       1
    slow_flow[37,276]  con_slow_demand[37]  1
    slow_flow[37,276]  con_pile_service[276]  1
    slow_flow[38,35]  Obj       1
    slow_flow[38,35]  con_slow_demand[38]  1
    slow_flow[38,35]  con_pile_service[35]  1
    slow_flow[38,40]  Obj       1
    slow_flow[38,40]  con_slow_demand[38]  1
    slow_flow[38,40]  con_pile_service[40]  1
    slow_flow[38,44]  Obj       1
    slow_flow[38,44]  con_slow_demand[38]  1
    slow_flow[38,44]  con_pile_service[44]  1
    slow_flow[38,171]  Obj       1
    slow_flow[38,171]  con_slow_demand[38]  1
    slow_flow[38,171]  con_pile_service[171]  1
    slow_flow[38,205]  Obj       1
    slow_flow[38,205]  con_slow_demand[38]  1
    slow_flow[38,205]  con_pile_service[205]  1
    slow_flow[38,220]  Obj       1
    slow_flow[38,220]  con_slow_demand[38]  1
    slow_flow[38,220]  con_pile_service[220]  1
    slow_flow[38,231]  Obj       1
    slow_flow[38,231]  con_slow_demand[38]  1
    slow_flow[38,231]  con_pile_service[231]  1
    slow_flow[38,233]  Obj       1
    slow_flow[38,233]  con_slow_demand[38]  1
    slow_flow[38,233]  con_pile_service[233]  1
    slow_flow[38,238]  Obj       1
    slow_flow[38,238]  con_slow_demand[38]  1
    slow_flow[38,238]  con_pile_service[238]  1
    slow_flow[38,265]  Obj       1
    slow_flow[38,265]  con_slow_demand[38]  1
    slow_flow[38,265]  con_pile_service[265]  1
    slow_flow[38,277]  Obj       1
    slow_flow[38,277]  con_slow_demand[38]  1
    slow_flow[38,277]  con_pile_service[277]  1
    slow_flow[39,44]  Obj       1
    slow_flow[39,44]  con_slow_demand[39]  1
    slow_flow[39,44]  con_pile_service[44]  1
    slow_flow[39,65]  Obj       1
    slow_flow[39,65]  con_slow_demand[39]  1
    slow_flow[39,65]  con_pile_service[65]  1
    slow_flow[39,66]  Obj       1
    slow_flow[39,66]  con_slow_demand[39]  1
    slow_flow[39,66]  con_pile_service[66]  1
    slow_flow[39,205]  Obj       1
    slow_flow[39,205]  con_slow_demand[39]  1
    slow_flow[39,205]  con_pile_service[205]  1
    slow_flow[39,219]  Obj       1
    slow_flow[39,219]  con_slow_demand[39]  1
    slow_flow[39,219]  con_pile_service[219]  1
    slow_flow[39,227]  Obj       1
    slow_flow[39,227]  con_slow_demand[39]  1
    slow_flow[39,227]  con_pile_service[227]  1
    slow_flow[39,265]  Obj       1
    slow_flow[39,265]  con_slow_demand[39]  1
    slow_flow[39,265]  con_pile_service[265]  1
    slow_flow[39,278]  Obj       1
    slow_flow[39,278]  con_slow_demand[39]  1
    slow_flow[39,278]  con_pile_service[278]  1
    slow_flow[40,279]  Obj       1
    slow_flow[40,279]  con_slow_demand[40]  1
    slow_flow[40,279]  con_pile_service[279]  1
    slow_flow[41,35]  Obj       1
    slow_flow[41,35]  con_slow_demand[41]  1
    slow_flow[41,35]  con_pile_service[35]  1
    slow_flow[41,36]  Obj       1
    slow_flow[41,36]  con_slow_demand[41]  1
    slow_flow[41,36]  con_pile_service[36]  1
    slow_flow[41,37]  Obj       1
    slow_flow[41,37]  con_slow_demand[41]  1
    slow_flow[41,37]  con_pile_service[37]  1
    slow_flow[41,38]  Obj       1
    slow_flow[41,38]  con_slow_demand[41]  1
    slow_flow[41,38]  con_pile_service[38]  1
    slow_flow[41,39]  Obj       1
    slow_flow[41,39]  con_slow_demand[41]  1
    slow_flow[41,39]  con_pile_service[39]  1
    slow_flow[41,40]  Obj       1
    slow_flow[41,40]  con_slow_demand[41]  1
    slow_flow[41,40]  con_pile_service[40]  1
    slow_flow[41,41]  Obj       1
    slow_flow[41,41]  con_slow_demand[41]  1
    slow_flow[41,41]  con_pile_service[41]  1
    slow_flow[41,42]  Obj       1
    slow_flow[41,42]  con_slow_demand[41]  1
    slow_flow[41,42]  con_pile_service[42]  1
    slow_flow[41,43]  Obj       1
    slow_flow[41,43]  con_slow_demand[41]  1
    slow_flow[41,43]  con_pile_service[43]  1
    slow_flow[41,44]  Obj       1
    slow_flow[41,44]  con_slow_demand[41]  1
    slow_flow[41,44]  con_pile_service[44]  1
    slow_flow[41,45]  Obj       1
    slow_flow[41,45]  con_slow_demand[41]  1
    slow_flow[41,45]  con_pile_service[45]  1
    slow_flow[41,46]  Obj       1
    slow_flow[41,46]  con_slow_demand[41]  1
    slow_flow[41,46]  con_pile_service[46]  1
    slow_flow[41,47]  Obj       1
    slow_flow[41,47]  con_slow_demand[41]  1
    slow_flow[41,47]  con_pile_service[47]  1
    slow_flow[41,49]  Obj       1
    slow_flow[41,49]  con_slow_demand[41]  1
    slow_flow[41,49]  con_pile_service[49]  1
    slow_flow[41,50]  Obj       1
    slow_flow[41,50]  con_slow_demand[41]  1
    slow_flow[41,50]  con_pile_service[50]  1
    slow_flow[41,53]  Obj       1
    slow_flow[41,53]  con_slow_demand[41]  1
    slow_flow[41,53]  con_pile_service[53]  1
    slow_flow[41,54]  Obj       1
    slow_flow[41,54]  con_slow_demand[41]  1
    slow_flow[41,54]  con_pile_service[54]  1
    slow_flow[41,68]  Obj       1
    slow_flow[41,68]  con_slow_demand[41]  1
    slow_flow[41,68]  con_pile_service[68]  1
    slow_flow[41,117]  Obj       1
    slow_flow[41,117]  con_slow_demand[41]  1
    slow_flow[41,117]  con_pile_service[117]  1
    slow_flow[41,118]  Obj       1
    slow_flow[41,118]  con_slow_demand[41]  1
    slow_flow[41,118]  con_pile_service[118]  1
    slow_flow[41,119]  Obj       1
    slow_flow[41,119]  con_slow_demand[41]  1
    slow_flow[41,119]  con_pile_service[119]  1
    slow_flow[41,120]  Obj       1
    slow_flow[41,120]  con_slow_demand[41]  1
    slow_flow[41,120]  con_pile_service[120]  1
    slow_flow[41,121]  Obj       1
    slow_flow[41,121]  con_slow_demand[41]  1
    slow_flow[41,121]  con_pile_service[121]  1
    slow_flow[41,122]  Obj       1
    slow_flow[41,122]  con_slow_demand[41]  1
    slow_flow[41,122]  con_pile_service[122]  1
    slow_flow[41,123]  Obj       1
    slow_flow[41,123]  con_slow_demand[41]  1
    slow_flow[41,123]  con_pile_service[123]  1
    slow_flow[41,124]  Obj       1
    slow_flow[41,124]  con_slow_demand[41]  1
    slow_flow[41,124]  con_pile_service[124]  1
    slow_flow[41,125]  Obj       1
    slow_flow[41,125]  con_slow_demand[41]  1
    slow_flow[41,125]  con_pile_service[125]  1
    slow_flow[41,126]  Obj       1
    slow_flow[41,126]  con_slow_demand[41]  1
    slow_flow[41,126]  con_pile_service[126]  1
    slow_flow[41,127]  Obj       1
    slow_flow[41,127]  con_slow_demand[41]  1
    slow_flow[41,127]  con_pile_service[127]  1
    slow_flow[41,128]  Obj       1
    slow_flow[41,128]  con_slow_demand[41]  1
    slow_flow[41,128]  con_pile_service[128]  1
    slow_flow[41,129]  Obj       1
    slow_flow[41,129]  con_slow_demand[41]  1
    slow_flow[41,129]  con_pile_service[129]  1
    slow_flow[41,130]  Obj       1
    slow_flow[41,130]  con_slow_demand[41]  1
    slow_flow[41,130]  con_pile_service[130]  1
    slow_flow[41,131]  Obj       1
    slow_flow[41,131]  con_slow_demand[41]  1
    slow_flow[41,131]  con_pile_service[131]  1
    slow_flow[41,135]  Obj       1
    slow_flow[41,135]  con_slow_demand[41]  1
    slow_flow[41,135]  con_pile_service[135]  1
    slow_flow[41,136]  Obj       1
    slow_flow[41,136]  con_slow_demand[41]  1
    slow_flow[41,136]  con_pile_service[136]  1
    slow_flow[41,139]  Obj       1
    slow_flow[41,139]  con_slow_demand[41]  1
    slow_flow[41,139]  con_pile_service[139]  1
    slow_flow[41,140]  Obj       1
    slow_flow[41,140]  con_slow_demand[41]  1
    slow_flow[41,140]  con_pile_service[140]  1
    slow_flow[41,141]  Obj       1
    slow_flow[41,141]  con_slow_demand[41]  1
    slow_flow[41,141]  con_pile_service[141]  1
    slow_flow[41,145]  Obj       1
    slow_flow[41,145]  con_slow_demand[41]  1
    slow_flow[41,145]  con_pile_service[145]  1
    slow_flow[41,146]  Obj       1
    slow_flow[41,146]  con_slow_demand[41]  1
    slow_flow[41,146]  con_pile_service[146]  1
    slow_flow[41,235]  Obj       1
    slow_flow[41,235]  con_slow_demand[41]  1
    slow_flow[41,235]  con_pile_service[235]  1
    slow_flow[41,240]  Obj       1
    slow_flow[41,240]  con_slow_demand[41]  1
    slow_flow[41,240]  con_pile_service[240]  1
    slow_flow[41,255]  Obj       1
    slow_flow[41,255]  con_slow_demand[41]  1
    slow_flow[41,255]  con_pile_service[255]  1
    slow_flow[41,256]  Obj       1
    slow_flow[41,256]  con_slow_demand[41]  1
    slow_flow[41,256]  con_pile_service[256]  1
    slow_flow[41,257]  Obj       1
    slow_flow[41,257]  con_slow_demand[41]  1
    slow_flow[41,257]  con_pile_service[257]  1
    slow_flow[41,258]  Obj       1
    slow_flow[41,258]  con_slow_demand[41]  1
    slow_flow[41,258]  con_pile_service[258]  1
    slow_flow[41,259]  Obj       1
    slow_flow[41,259]  con_slow_demand[41]  1
    slow_flow[41,259]  con_pile_service[259]  1
    slow_flow[41,260]  Obj       1
    slow_flow[41,260]  con_slow_demand[41]  1
    slow_flow[41,260]  con_pile_service[260]  1
    slow_flow[41,261]  Obj       1
    slow_flow[41,261]  con_slow_demand[41]  1
    slow_flow[41,261]  con_pile_service[261]  1
    slow_flow[41,262]  Obj       1
    slow_flow[41,262]  con_slow_demand[41]  1
    slow_flow[41,262]  con_pile_service[262]  1
    slow_flow[41,263]  Obj       1
    slow_flow[41,263]  con_slow_demand[41]  1
    slow_flow[41,263]  con_pile_service[263]  1
    slow_flow[41,280]  Obj       1
    slow_flow[41,280]  con_slow_demand[41]  1
    slow_flow[41,280]  con_pile_service[280]  1
    slow_flow[42,44]  Obj       1
    slow_flow[42,44]  con_slow_demand[42]  1
    slow_flow[42,44]  con_pile_service[44]  1
    slow_flow[42,48]  Obj       1
    slow_flow[42,48]  con_slow_demand[42]  1
    slow_flow[42,48]  con_pile_service[48]  1
    slow_flow[42,49]  Obj       1
    slow_flow[42,49]  con_slow_demand[42]  1
    slow_flow[42,49]  con_pile_service[49]  1
    slow_flow[42,51]  Obj       1
    slow_flow[42,51]  con_slow_demand[42]  1
    slow_flow[42,51]  con_pile_service[51]  1
    slow_flow[42,52]  Obj       1
    slow_flow[42,52]  con_slow_demand[42]  1
    slow_flow[42,52]  con_pile_service[52]  1
    slow_flow[42,53]  Obj       1
    slow_flow[42,53]  con_slow_demand[42]  1
    slow_flow[42,53]  con_pile_service[53]  1
    slow_flow[42,54]  Obj       1
    slow_flow[42,54]  con_slow_demand[42]  1
    slow_flow[42,54]  con_pile_service[54]  1
    slow_flow[42,55]  Obj       1
    slow_flow[42,55]  con_slow_demand[42]  1
    slow_flow[42,55]  con_pile_service[55]  1
    slow_flow[42,56]  Obj       1
    slow_flow[42,56]  con_slow_demand[42]  1
    slow_flow[42,56]  con_pile_service[56]  1
    slow_flow[42,57]  Obj       1
    slow_flow[42,57]  con_slow_demand[42]  1
    slow_flow[42,57]  con_pile_service[57]  1
    slow_flow[42,58]  Obj       1
    slow_flow[42,58]  con_slow_demand[42]  1
    slow_flow[42,58]  con_pile_service[58]  1
    slow_flow[42,59]  Obj       1
    slow_flow[42,59]  con_slow_demand[42]  1
    slow_flow[42,59]  con_pile_service[59]  1
    slow_flow[42,68]  Obj       1
    slow_flow[42,68]  con_slow_demand[42]  1
    slow_flow[42,68]  con_pile_service[68]  1
    slow_flow[42,123]  Obj       1
    slow_flow[42,123]  con_slow_demand[42]  1
    slow_flow[42,123]  con_pile_service[123]  1
    slow_flow[42,124]  Obj       1
    slow_flow[42,124]  con_slow_demand[42]  1
    slow_flow[42,124]  con_pile_service[124]  1
    slow_flow[42,128]  Obj       1
    slow_flow[42,128]  con_slow_demand[42]  1
    slow_flow[42,128]  con_pile_service[128]  1
    slow_flow[42,132]  Obj       1
    slow_flow[42,132]  con_slow_demand[42]  1
    slow_flow[42,132]  con_pile_service[132]  1
    slow_flow[42,133]  Obj       1
    slow_flow[42,133]  con_slow_demand[42]  1
    slow_flow[42,133]  con_pile_service[133]  1
    slow_flow[42,134]  Obj       1
    slow_flow[42,134]  con_slow_demand[42]  1
    slow_flow[42,134]  con_pile_service[134]  1
    slow_flow[42,137]  Obj       1
    slow_flow[42,137]  con_slow_demand[42]  1
    slow_flow[42,137]  con_pile_service[137]  1
    slow_flow[42,138]  Obj       1
    slow_flow[42,138]  con_slow_demand[42]  1
    slow_flow[42,138]  con_pile_service[138]  1
    slow_flow[42,139]  Obj       1
    slow_flow[42,139]  con_slow_demand[42]  1
    slow_flow[42,139]  con_pile_service[139]  1
    slow_flow[42,140]  Obj       1
    slow_flow[42,140]  con_slow_demand[42]  1
    slow_flow[42,140]  con_pile_service[140]  1
    slow_flow[42,141]  Obj       1
    slow_flow[42,141]  con_slow_demand[42]  1
    slow_flow[42,141]  con_pile_service[141]  1
    slow_flow[42,142]  Obj       1
    slow_flow[42,142]  con_slow_demand[42]  1
    slow_flow[42,142]  con_pile_service[142]  1
    slow_flow[42,143]  Obj       1
    slow_flow[42,143]  con_slow_demand[42]  1
    slow_flow[42,143]  con_pile_service[143]  1
    slow_flow[42,144]  Obj       1
    slow_flow[42,144]  con_slow_demand[42]  1
    slow_flow[42,144]  con_pile_service[144]  1
    slow_flow[42,145]  Obj       1
    slow_flow[42,145]  con_slow_demand[42]  1
    slow_flow[42,145]  con_pile_service[145]  1
    slow_flow[42,146]  Obj       1
    slow_flow[42,146]  con_slow_demand[42]  1
    slow_flow[42,146]  con_pile_service[146]  1
    slow_flow[42,147]  Obj       1
    slow_flow[42,147]  con_slow_demand[42]  1
    slow_flow[42,147]  con_pile_service[147]  1
    slow_flow[42,148]  Obj       1
    slow_flow[42,148]  con_slow_demand[42]  1
    slow_flow[42,148]  con_pile_service[148]  1
    slow_flow[42,149]  Obj       1
    slow_flow[42,149]  con_slow_demand[42]  1
    slow_flow[42,149]  con_pile_service[149]  1
    slow_flow[42,150]  Obj       1
    slow_flow[42,150]  con_slow_demand[42]  1
    slow_flow[42,150]  con_pile_service[150]  1
    slow_flow[42,151]  Obj       1
    slow_flow[42,151]  con_slow_demand[42]  1
    slow_flow[42,151]  con_pile_service[151]  1
    slow_flow[42,152]  Obj       1
    slow_flow[42,152]  con_slow_demand[42]  1
    slow_flow[42,152]  con_pile_service[152]  1
    slow_flow[42,153]  Obj       1
    slow_flow[42,153]  con_slow_demand[42]  1
    slow_flow[42,153]  con_pile_service[153]  1
    slow_flow[42,211]  Obj       1
    slow_flow[42,211]  con_slow_demand[42]  1
    slow_flow[42,211]  con_pile_service[211]  1
    slow_flow[42,219]  Obj       1
    slow_flow[42,219]  con_slow_demand[42]  1
    slow_flow[42,219]  con_pile_service[219]  1
    slow_flow[42,224]  Obj       1
    slow_flow[42,224]  con_slow_demand[42]  1
    slow_flow[42,224]  con_pile_service[224]  1
    slow_flow[42,239]  Obj       1
    slow_flow[42,239]  con_slow_demand[42]  1
    slow_flow[42,239]  con_pile_service[239]  1
    slow_flow[42,258]  Obj       1
    slow_flow[42,258]  con_slow_demand[42]  1
    slow_flow[42,258]  con_pile_service[258]  1
    slow_flow[42,259]  Obj       1
    slow_flow[42,259]  con_slow_demand[42]  1
    slow_flow[42,259]  con_pile_service[259]  1
    slow_flow[42,261]  Obj       1
    slow_flow[42,261]  con_slow_demand[42]  1
    slow_flow[42,261]  con_pile_service[261]  1
    slow_flow[42,263]  Obj       1
    slow_flow[42,263]  con_slow_demand[42]  1
    slow_flow[42,263]  con_pile_service[263]  1
    slow_flow[42,264]  Obj       1
    slow_flow[42,264]  con_slow_demand[42]  1
    slow_flow[42,264]  con_pile_service[264]  1
    slow_flow[42,281]  Obj       1
    slow_flow[42,281]  con_slow_demand[42]  1
    slow_flow[42,281]  con_pile_service[281]  1
    slow_flow[43,211]  Obj       1
    slow_flow[43,211]  con_slow_demand[43]  1
    slow_flow[43,211]  con_pile_service[211]  1
    slow_flow[43,212]  Obj       1
    slow_flow[43,212]  con_slow_demand[43]  1
    slow_flow[43,212]  con_pile_service[212]  1
    slow_flow[43,232]  Obj       1
    slow_flow[43,232]  con_slow_demand[43]  1
    slow_flow[43,232]  con_pile_service[232]  1
    slow_flow[43,282]  Obj       1
    slow_flow[43,282]  con_slow_demand[43]  1
    slow_flow[43,282]  con_pile_service[282]  1
    slow_flow[44,0]  Obj       1
    slow_flow[44,0]  con_slow_demand[44]  1
    slow_flow[44,0]  con_pile_service[0]  1
    slow_flow[44,1]  Obj       1
    slow_flow[44,1]  con_slow_demand[44]  1
    slow_flow[44,1]  con_pile_service[1]  1
    slow_flow[44,2]  Obj       1
    slow_flow[44,2]  con_slow_demand[44]  1
    slow_flow[44,2]  con_pile_service[2]  1
    slow_flow[44,3]  Obj       1
    slow_flow[44,3]  con_slow_demand[44]  1
    slow_flow[44,3]  con_pile_service[3]  1
    slow_flow[44,70]  Obj       1
    slow_flow[44,70]  con_slow_demand[44]  1
    slow_flow[44,70]  con_pile_service[70]  1
    slow_flow[44,72]  Obj       1
    slow_flow[44,72]  con_slow_demand[44]  1
    slow_flow[44,72]  con_pile_service[72]  1
    slow_flow[44,242]  Obj       1
    slow_flow[44,242]  con_slow_demand[44]  1
    slow_flow[44,242]  con_pile_service[242]  1
    slow_flow[44,283]  Obj       1
    slow_flow[44,283]  con_slow_demand[44]  1
    slow_flow[44,283]  con_pile_service[283]  1
    slow_flow[45,2]  Obj       1
    slow_flow[45,2]  con_slow_demand[45]  1
    slow_flow[45,2]  con_pile_service[2]  1
    slow_flow[45,72]  Obj       1
    slow_flow[45,72]  con_slow_demand[45]  1
    slow_flow[45,72]  con_pile_service[72]  1
    slow_flow[45,75]  Obj       1
    slow_flow[45,75]  con_slow_demand[45]  1
    slow_flow[45,75]  con_pile_service[75]  1
    slow_flow[45,169]  Obj       1
    slow_flow[45,169]  con_slow_demand[45]  1
    slow_flow[45,169]  con_pile_service[169]  1
    slow_flow[45,191]  Obj       1
    slow_flow[45,191]  con_slow_demand[45]  1
    slow_flow[45,191]  con_pile_service[191]  1
    slow_flow[45,197]  Obj       1
    slow_flow[45,197]  con_slow_demand[45]  1
    slow_flow[45,197]  con_pile_service[197]  1
    slow_flow[45,284]  Obj       1
    slow_flow[45,284]  con_slow_demand[45]  1
    slow_flow[45,284]  con_pile_service[284]  1
    slow_flow[46,62]  Obj       1
    slow_flow[46,62]  con_slow_demand[46]  1
    slow_flow[46,62]  con_pile_service[62]  1
    slow_flow[46,169]  Obj       1
    slow_flow[46,169]  con_slow_demand[46]  1
    slow_flow[46,169]  con_pile_service[169]  1
    slow_flow[46,172]  Obj       1
    slow_flow[46,172]  con_slow_demand[46]  1
    slow_flow[46,172]  con_pile_service[172]  1
    slow_flow[46,285]  Obj       1
    slow_flow[46,285]  con_slow_demand[46]  1
    slow_flow[46,285]  con_pile_service[285]  1
    slow_flow[47,62]  Obj       1
    slow_flow[47,62]  con_slow_demand[47]  1
    slow_flow[47,62]  con_pile_service[62]  1
    slow_flow[47,163]  Obj       1
    slow_flow[47,163]  con_slow_demand[47]  1
    slow_flow[47,163]  con_pile_service[163]  1
    slow_flow[47,208]  Obj       1
    slow_flow[47,208]  con_slow_demand[47]  1
    slow_flow[47,208]  con_pile_service[208]  1
    slow_flow[47,218]  Obj       1
    slow_flow[47,218]  con_slow_demand[47]  1
    slow_flow[47,218]  con_pile_service[218]  1
    slow_flow[47,237]  Obj       1
    slow_flow[47,237]  con_slow_demand[47]  1
    slow_flow[47,237]  con_pile_service[237]  1
    slow_flow[47,286]  Obj       1
    slow_flow[47,286]  con_slow_demand[47]  1
    slow_flow[47,286]  con_pile_service[286]  1
    slow_flow[48,168]  Obj       1
    slow_flow[48,168]  con_slow_demand[48]  1
    slow_flow[48,168]  con_pile_service[168]  1
    slow_flow[48,190]  Obj       1
    slow_flow[48,190]  con_slow_demand[48]  1
    slow_flow[48,190]  con_pile_service[190]  1
    slow_flow[48,202]  Obj       1
    slow_flow[48,202]  con_slow_demand[48]  1
    slow_flow[48,202]  con_pile_service[202]  1
    slow_flow[48,216]  Obj       1
    slow_flow[48,216]  con_slow_demand[48]  1
    slow_flow[48,216]  con_pile_service[216]  1
    slow_flow[48,218]  Obj       1
    slow_flow[48,218]  con_slow_demand[48]  1
    slow_flow[48,218]  con_pile_service[218]  1
    slow_flow[48,287]  Obj       1
    slow_flow[48,287]  con_slow_demand[48]  1
    slow_flow[48,287]  con_pile_service[287]  1
    slow_flow[49,0]  Obj       1
    slow_flow[49,0]  con_slow_demand[49]  1
    slow_flow[49,0]  con_pile_service[0]  1
    slow_flow[49,1]  Obj       1
    slow_flow[49,1]  con_slow_demand[49]  1
    slow_flow[49,1]  con_pile_service[1]  1
    slow_flow[49,2]  Obj       1
    slow_flow[49,2]  con_slow_demand[49]  1
    slow_flow[49,2]  con_pile_service[2]  1
    slow_flow[49,3]  Obj       1
    slow_flow[49,3]  con_slow_demand[49]  1
    slow_flow[49,3]  con_pile_service[3]  1
    slow_flow[49,4]  Obj       1
    slow_flow[49,4]  con_slow_demand[49]  1
    slow_flow[49,4]  con_pile_service[4]  1
    slow_flow[49,5]  Obj       1
    slow_flow[49,5]  con_slow_demand[49]  1
    slow_flow[49,5]  con_pile_service[5]  1
    slow_flow[49,7]  Obj       1
    slow_flow[49,7]  con_slow_demand[49]  1
    slow_flow[49,7]  con_pile_service[7]  1
    slow_flow[49,8]  Obj       1
    slow_flow[49,8]  con_slow_demand[49]  1
    slow_flow[49,8]  con_pile_service[8]  1
    slow_flow[49,10]  Obj       1
    slow_flow[49,10]  con_slow_demand[49]  1
    slow_flow[49,10]  con_pile_service[10]  1
    slow_flow[49,11]  Obj       1
    slow_flow[49,11]  con_slow_demand[49]  1
    slow_flow[49,11]  con_pile_service[11]  1
    slow_flow[49,12]  Obj       1
    slow_flow[49,12]  con_slow_demand[49]  1
    slow_flow[49,12]  con_pile_service[12]  1
    slow_flow[49,69]  Obj       1
    slow_flow[49,69]  con_slow_demand[49]  1
    slow_flow[49,69]  con_pile_service[69]  1
    slow_flow[49,70]  Obj       1
    slow_flow[49,70]  con_slow_demand[49]  1
    slow_flow[49,70]  con_pile_service[70]  1
    slow_flow[49,71]  Obj       1
    slow_flow[49,71]  con_slow_demand[49]  1
    slow_flow[49,71]  con_pile_service[71]  1
    slow_flow[49,72]  Obj       1
    slow_flow[49,72]  con_slow_demand[49]  1
    slow_flow[49,72]  con_pile_service[72]  1
    slow_flow[49,73]  Obj       1
    slow_flow[49,73]  con_slow_demand[49]  1
    slow_flow[49,73]  con_pile_service[73]  1
    slow_flow[49,74]  Obj       1
    slow_flow[49,74]  con_slow_demand[49]  1
    slow_flow[49,74]  con_pile_service[74]  1
    slow_flow[49,77]  Obj       1
    slow_flow[49,77]  con_slow_demand[49]  1
    slow_flow[49,77]  con_pile_service[77]  1
    slow_flow[49,78]  Obj       1
    slow_flow[49,78]  con_slow_demand[49]  1
    slow_flow[49,78]  con_pile_service[78]  1
    slow_flow[49,79]  Obj       1
    slow_flow[49,79]  con_slow_demand[49]  1
    slow_flow[49,79]  con_pile_service[79]  1
    slow_flow[49,80]  Obj       1
    slow_flow[49,80]  con_slow_demand[49]  1
    slow_flow[49,80]  con_pile_service[80]  1
    slow_flow[49,82]  Obj       1
    slow_flow[49,82]  con_slow_demand[49]  1
    slow_flow[49,82]  con_pile_service[82]  1
    slow_flow[49,83]  Obj       1
    slow_flow[49,83]  con_slow_demand[49]  1
    slow_flow[49,83]  con_pile_service[83]  1
    slow_flow[49,84]  Obj       1
    slow_flow[49,84]  con_slow_demand[49]  1
    slow_flow[49,84]  con_pile_service[84]  1
    slow_flow[49,85]  Obj       1
    slow_flow[49,85]  con_slow_demand[49]  1
    slow_flow[49,85]  con_pile_service[85]  1
    slow_flow[49,86]  Obj       1
    slow_flow[49,86]  con_slow_demand[49]  1
    slow_flow[49,86]  con_pile_service[86]  1
    slow_flow[49,87]  Obj       1
    slow_flow[49,87]  con_slow_demand[49]  1
    slow_flow[49,87]  con_pile_service[87]  1
    slow_flow[49,88]  Obj       1
    slow_flow[49,88]  con_slow_demand[49]  1
    slow_flow[49,88]  con_pile_service[88]  1
    slow_flow[49,242]  Obj       1
    slow_flow[49,242]  con_slow_demand[49]  1
    slow_flow[49,242]  con_pile_service[242]  1
    slow_flow[49,243]  Obj       1
    slow_flow[49,243]  con_slow_demand[49]  1
    slow_flow[49,243]  con_pile_service[243]  1
    slow_flow[49,283]  Obj       1
    slow_flow[49,283]  con_slow_demand[49]  1
    slow_flow[49,283]  con_pile_service[283]  1
    slow_flow[49,288]  Obj       1
    slow_flow[49,288]  con_slow_demand[49]  1
    slow_flow[49,288]  con_pile_service[288]  1
    slow_flow[50,2]  Obj       1
    slow_flow[50,2]  con_slow_demand[50]  1
    slow_flow[50,2]  con_pile_service[2]  1
    slow_flow[50,5]  Obj       1
    slow_flow[50,5]  con_slow_demand[50]  1
    slow_flow[50,5]  con_pile_service[5]  1
    slow_flow[50,6]  Obj       1
    slow_flow[50,6]  con_slow_demand[50]  1
    slow_flow[50,6]  con_pile_service[6]  1
    slow_flow[50,9]  Obj       1
    slow_flow[50,9]  con_slow_demand[50]  1
    slow_flow[50,9]  con_pile_service[9]  1
    slow_flow[50,10]  Obj       1
    slow_flow[50,10]  con_slow_demand[50]  1
    slow_flow[50,10]  con_pile_service[10]  1
    slow_flow[50,12]  Obj       1
    slow_flow[50,12]  con_slow_demand[50]  1
    slow_flow[50,12]  con_pile_service[12]  1
    slow_flow[50,72]  Obj       1
    slow_flow[50,72]  con_slow_demand[50]  1
    slow_flow[50,72]  con_pile_service[72]  1
    slow_flow[50,75]  Obj       1
    slow_flow[50,75]  con_slow_demand[50]  1
    slow_flow[50,75]  con_pile_service[75]  1
    slow_flow[50,76]  Obj       1
    slow_flow[50,76]  con_slow_demand[50]  1
    slow_flow[50,76]  con_pile_service[76]  1
    slow_flow[50,77]  Obj       1
    slow_flow[50,77]  con_slow_demand[50]  1
    slow_flow[50,77]  con_pile_service[77]  1
    slow_flow[50,78]  Obj       1
    slow_flow[50,78]  con_slow_demand[50]  1
    slow_flow[50,78]  con_pile_service[78]  1
    slow_flow[50,81]  Obj       1
    slow_flow[50,81]  con_slow_demand[50]  1
    slow_flow[50,81]  con_pile_service[81]  1
    slow_flow[50,82]  Obj       1
    slow_flow[50,82]  con_slow_demand[50]  1
    slow_flow[50,82]  con_pile_service[82]  1
    slow_flow[50,83]  Obj       1
    slow_flow[50,83]  con_slow_demand[50]  1
    slow_flow[50,83]  con_pile_service[83]  1
    slow_flow[50,84]  Obj       1
    slow_flow[50,84]  con_slow_demand[50]  1
    slow_flow[50,84]  con_pile_service[84]  1
    slow_flow[50,160]  Obj       1
    slow_flow[50,160]  con_slow_demand[50]  1
    slow_flow[50,160]  con_pile_service[160]  1
    slow_flow[50,186]  Obj       1
    slow_flow[50,186]  con_slow_demand[50]  1
    slow_flow[50,186]  con_pile_service[186]  1
    slow_flow[50,189]  Obj       1
    slow_flow[50,189]  con_slow_demand[50]  1
    slow_flow[50,189]  con_pile_service[189]  1
    slow_flow[50,191]  Obj       1
    slow_flow[50,191]  con_slow_demand[50]  1
    slow_flow[50,191]  con_pile_service[191]  1
    slow_flow[50,196]  Obj       1
    slow_flow[50,196]  con_slow_demand[50]  1
    slow_flow[50,196]  con_pile_service[196]  1
    slow_flow[50,289]  Obj       1
    slow_flow[50,289]  con_slow_demand[50]  1
    slow_flow[50,289]  con_pile_service[289]  1
    slow_flow[51,156]  Obj       1
    slow_flow[51,156]  con_slow_demand[51]  1
    slow_flow[51,156]  con_pile_service[156]  1
    slow_flow[51,184]  Obj       1
    slow_flow[51,184]  con_slow_demand[51]  1
    slow_flow[51,184]  con_pile_service[184]  1
    slow_flow[51,185]  Obj       1
    slow_flow[51,185]  con_slow_demand[51]  1
    slow_flow[51,185]  con_pile_service[185]  1
    slow_flow[51,290]  Obj       1
    slow_flow[51,290]  con_slow_demand[51]  1
    slow_flow[51,290]  con_pile_service[290]  1
    slow_flow[52,157]  Obj       1
    slow_flow[52,157]  con_slow_demand[52]  1
    slow_flow[52,157]  con_pile_service[157]  1
    slow_flow[52,291]  Obj       1
    slow_flow[52,291]  con_slow_demand[52]  1
    slow_flow[52,291]  con_pile_service[291]  1
    slow_flow[53,13]  Obj       1
    slow_flow[53,13]  con_slow_demand[53]  1
    slow_flow[53,13]  con_pile_service[13]  1
    slow_flow[53,14]  Obj       1
    slow_flow[53,14]  con_slow_demand[53]  1
    slow_flow[53,14]  con_pile_service[14]  1
    slow_flow[53,15]  Obj       1
    slow_flow[53,15]  con_slow_demand[53]  1
    slow_flow[53,15]  con_pile_service[15]  1
    slow_flow[53,16]  Obj       1
    slow_flow[53,16]  con_slow_demand[53]  1
    slow_flow[53,16]  con_pile_service[16]  1
    slow_flow[53,17]  Obj       1
    slow_flow[53,17]  con_slow_demand[53]  1
    slow_flow[53,17]  con_pile_service[17]  1
    slow_flow[53,18]  Obj       1
    slow_flow[53,18]  con_slow_demand[53]  1
    slow_flow[53,18]  con_pile_service[18]  1
    slow_flow[53,19]  Obj       1
    slow_flow[53,19]  con_slow_demand[53]  1
    slow_flow[53,19]  con_pile_service[19]  1
    slow_flow[53,20]  Obj       1
    slow_flow[53,20]  con_slow_demand[53]  1
    slow_flow[53,20]  con_pile_service[20]  1
    slow_flow[53,21]  Obj       1
    slow_flow[53,21]  con_slow_demand[53]  1
    slow_flow[53,21]  con_pile_service[21]  1
    slow_flow[53,22]  Obj       1
    slow_flow[53,22]  con_slow_demand[53]  1
    slow_flow[53,22]  con_pile_service[22]  1
    slow_flow[53,23]  Obj       1
    slow_flow[53,23]  con_slow_demand[53]  1
    slow_flow[53,23]  con_pile_service[23]  1
    slow_flow[53,24]  Obj       1
    slow_flow[53,24]  con_slow_demand[53]  1
    slow_flow[53,24]  con_pile_service[24]  1
    slow_flow[53,25]  Obj       1
    slow_flow[53,25]  con_slow_demand[53]  1
    slow_flow[53,25]  con_pile_service[25]  1
    slow_flow[53,26]  Obj       1
    slow_flow[53,26]  con_slow_demand[53]  1
    slow_flow[53,26]  con_pile_service[26]  1
    slow_flow[53,27]  Obj       1
    slow_flow[53,27]  con_slow_demand[53]  1
    slow_flow[53,27]  con_pile_service[27]  1
    slow_flow[53,28]  Obj       1
    slow_flow[53,28]  con_slow_demand[53]  1
    slow_flow[53,28]  con_pile_service[28]  1
    slow_flow[53,29]  Obj       1
    slow_flow[53,29]  con_slow_demand[53]  1
    slow_flow[53,29]  con_pile_service[29]  1
    slow_flow[53,30]  Obj       1
    slow_flow[53,30]  con_slow_demand[53]  1
    slow_flow[53,30]  con_pile_service[30]  1
    slow_flow[53,31]  Obj       1
    slow_flow[53,31]  con_slow_demand[53]  1
    slow_flow[53,31]  con_pile_service[31]  1
    slow_flow[53,32]  Obj       1
    slow_flow[53,32]  con_slow_demand[53]  1
    slow_flow[53,32]  con_pile_service[32]  1
    slow_flow[53,33]  Obj       1
    slow_flow[53,33]  con_slow_demand[53]  1
    slow_flow[53,33]  con_pile_service[33]  1
    slow_flow[53,34]  Obj       1
    slow_flow[53,34]  con_slow_demand[53]  1
    slow_flow[53,34]  con_pile_service[34]  1
    slow_flow[53,67]  Obj       1
    slow_flow[53,67]  con_slow_demand[53]  1
    slow_flow[53,67]  con_pile_service[67]  1
    slow_flow[53,89]  Obj       1
    slow_flow[53,89]  con_slow_demand[53]  1
    slow_flow[53,89]  con_pile_service[89]  1
    slow_flow[53,90]  Obj       1
    slow_flow[53,90]  con_slow_demand[53]  1
    slow_flow[53,90]  con_pile_service[90]  1
    slow_flow[53,91]  Obj       1
    slow_flow[53,91]  con_slow_demand[53]  1
    slow_flow[53,91]  con_pile_service[91]  1
    slow_flow[53,92]  Obj       1
    slow_flow[53,92]  con_slow_demand[53]  1
    slow_flow[53,92]  con_pile_service[92]  1
    slow_flow[53,93]  Obj       1
    slow_flow[53,93]  con_slow_demand[53]  1
    slow_flow[53,93]  con_pile_service[93]  1
    slow_flow[53,94]  Obj       1
    slow_flow[53,94]  con_slow_demand[53]  1
    slow_flow[53,94]  con_pile_service[94]  1
    slow_flow[53,95]  Obj       1
    slow_flow[53,95]  con_slow_demand[53]  1
    slow_flow[53,95]  con_pile_service[95]  1
    slow_flow[53,96]  Obj       1
    slow_flow[53,96]  con_slow_demand[53]  1
    slow_flow[53,96]  con_pile_service[96]  1
    slow_flow[53,97]  Obj       1
    slow_flow[53,97]  con_slow_demand[53]  1
    slow_flow[53,97]  con_pile_service[97]  1
    slow_flow[53,98]  Obj       1
    slow_flow[53,98]  con_slow_demand[53]  1
    slow_flow[53,98]  con_pile_service[98]  1
    slow_flow[53,99]  Obj       1
    slow_flow[53,99]  con_slow_demand[53]  1
    slow_flow[53,99]  con_pile_service[99]  1
    slow_flow[53,100]  Obj       1
    slow_flow[53,100]  con_slow_demand[53]  1
    slow_flow[53,100]  con_pile_service[100]  1
    slow_flow[53,101]  Obj       1
    slow_flow[53,101]  con_slow_demand[53]  1
    slow_flow[53,101]  con_pile_service[101]  1
    slow_flow[53,102]  Obj       1
    slow_flow[53,102]  con_slow_demand[53]  1
    slow_flow[53,102]  con_pile_service[102]  1
    slow_flow[53,103]  Obj       1
    slow_flow[53,103]  con_slow_demand[53]  1
    slow_flow[53,103]  con_pile_service[103]  1
    slow_flow[53,104]  Obj       1
    slow_flow[53,104]  con_slow_demand[53]  1
    slow_flow[53,104]  con_pile_service[104]  1
    slow_flow[53,105]  Obj       1
    slow_flow[53,105]  con_slow_demand[53]  1
    slow_flow[53,105]  con_pile_service[105]  1
    slow_flow[53,106]  Obj       1
    slow_flow[53,106]  con_slow_demand[53]  1
    slow_flow[53,106]  con_pile_service[106]  1
    slow_flow[53,107]  Obj       1
    slow_flow[53,107]  con_slow_demand[53]  1
    slow_flow[53,107]  con_pile_service[107]  1
    slow_flow[53,108]  Obj       1
    slow_flow[53,108]  con_slow_demand[53]  1
    slow_flow[53,108]  con_pile_service[108]  1
    slow_flow[53,109]  Obj       1
    slow_flow[53,109]  con_slow_demand[53]  1
    slow_flow[53,109]  con_pile_service[109]  1
    slow_flow[53,110]  Obj       1
    slow_flow[53,110]  con_slow_demand[53]  1
    slow_flow[53,110]  con_pile_service[110]  1
    slow_flow[53,111]  Obj       1
    slow_flow[53,111]  con_slow_demand[53]  1
    slow_flow[53,111]  con_pile_service[111]  1
    slow_flow[53,112]  Obj       1
    slow_flow[53,112]  con_slow_demand[53]  1
    slow_flow[53,112]  con_pile_service[112]  1
    slow_flow[53,113]  Obj       1
    slow_flow[53,113]  con_slow_demand[53]  1
    slow_flow[53,113]  con_pile_service[113]  1
    slow_flow[53,114]  Obj       1
    slow_flow[53,114]  con_slow_demand[53]  1
    slow_flow[53,114]  con_pile_service[114]  1
    slow_flow[53,115]  Obj       1
    slow_flow[53,115]  con_slow_demand[53]  1
    slow_flow[53,115]  con_pile_service[115]  1
    slow_flow[53,116]  Obj       1
    slow_flow[53,116]  con_slow_demand[53]  1
    slow_flow[53,116]  con_pile_service[116]  1
    slow_flow[53,244]  Obj       1
    slow_flow[53,244]  con_slow_demand[53]  1
    slow_flow[53,244]  con_pile_service[244]  1
    slow_flow[53,245]  Obj       1
    slow_flow[53,245]  con_slow_demand[53]  1
    slow_flow[53,245]  con_pile_service[245]  1
    slow_flow[53,246]  Obj       1
    slow_flow[53,246]  con_slow_demand[53]  1
    slow_flow[53,246]  con_pile_service[246]  1
    slow_flow[53,247]  Obj       1
    slow_flow[53,247]  con_slow_demand[53]  1
    slow_flow[53,247]  con_pile_service[247]  1
    slow_flow[53,248]  Obj       1
    slow_flow[53,248]  con_slow_demand[53]  1
    slow_flow[53,248]  con_pile_service[248]  1
    slow_flow[53,249]  Obj       1
    slow_flow[53,249]  con_slow_demand[53]  1
    slow_flow[53,249]  con_pile_service[249]  1
    slow_flow[53,250]  Obj       1
    slow_flow[53,250]  con_slow_demand[53]  1
    slow_flow[53,250]  con_pile_service[250]  1
    slow_flow[53,251]  Obj       1
    slow_flow[53,251]  con_slow_demand[53]  1
    slow_flow[53,251]  con_pile_service[251]  1
    slow_flow[53,252]  Obj       1
    slow_flow[53,252]  con_slow_demand[53]  1
    slow_flow[53,252]  con_pile_service[252]  1
    slow_flow[53,253]  Obj       1
    slow_flow[53,253]  con_slow_demand[53]  1
    slow_flow[53,253]  con_pile_service[253]  1
    slow_flow[53,254]  Obj       1
    slow_flow[53,254]  con_slow_demand[53]  1
    slow_flow[53,254]  con_pile_service[254]  1
    slow_flow[53,292]  Obj       1
    slow_flow[53,292]  con_slow_demand[53]  1
    slow_flow[53,292]  con_pile_service[292]  1
    slow_flow[54,116]  Obj       1
    slow_flow[54,116]  con_slow_demand[54]  1
    slow_flow[54,116]  con_pile_service[116]  1
    slow_flow[54,293]  Obj       1
    slow_flow[54,293]  con_slow_demand[54]  1
    slow_flow[54,293]  con_pile_service[293]  1
    slow_flow[55,60]  Obj       1
    slow_flow[55,60]  con_slow_demand[55]  1
    slow_flow[55,60]  con_pile_service[60]  1
    slow_flow[55,159]  Obj       1
    slow_flow[55,159]  con_slow_demand[55]  1
    slow_flow[55,159]  con_pile_service[159]  1
    slow_flow[55,192]  Obj       1
    slow_flow[55,192]  con_slow_demand[55]  1
    slow_flow[55,192]  con_pile_service[192]  1
    slow_flow[55,294]  Obj       1
    slow_flow[55,294]  con_slow_demand[55]  1
    slow_flow[55,294]  con_pile_service[294]  1
    slow_flow[56,157]  Obj       1
    slow_flow[56,157]  con_slow_demand[56]  1
    slow_flow[56,157]  con_pile_service[157]  1
    slow_flow[56,178]  Obj       1
    slow_flow[56,178]  con_slow_demand[56]  1
    slow_flow[56,178]  con_pile_service[178]  1
    slow_flow[56,181]  Obj       1
    slow_flow[56,181]  con_slow_demand[56]  1
    slow_flow[56,181]  con_pile_service[181]  1
    slow_flow[56,198]  Obj       1
    slow_flow[56,198]  con_slow_demand[56]  1
    slow_flow[56,198]  con_pile_service[198]  1
    slow_flow[56,200]  Obj       1
    slow_flow[56,200]  con_slow_demand[56]  1
    slow_flow[56,200]  con_pile_service[200]  1
    slow_flow[56,295]  Obj       1
    slow_flow[56,295]  con_slow_demand[56]  1
    slow_flow[56,295]  con_pile_service[295]  1
    slow_flow[56,299]  Obj       1
    slow_flow[56,299]  con_slow_demand[56]  1
    slow_flow[56,299]  con_pile_service[299]  1
    slow_flow[57,63]  Obj       1
    slow_flow[57,63]  con_slow_demand[57]  1
    slow_flow[57,63]  con_pile_service[63]  1
    slow_flow[57,64]  Obj       1
    slow_flow[57,64]  con_slow_demand[57]  1
    slow_flow[57,64]  con_pile_service[64]  1
    slow_flow[57,175]  Obj       1
    slow_flow[57,175]  con_slow_demand[57]  1
    slow_flow[57,175]  con_pile_service[175]  1
    slow_flow[57,177]  Obj       1
    slow_flow[57,177]  con_slow_demand[57]  1
    slow_flow[57,177]  con_pile_service[177]  1
    slow_flow[57,182]  Obj       1
    slow_flow[57,182]  con_slow_demand[57]  1
    slow_flow[57,182]  con_pile_service[182]  1
    slow_flow[57,188]  Obj       1
    slow_flow[57,188]  con_slow_demand[57]  1
    slow_flow[57,188]  con_pile_service[188]  1
    slow_flow[57,296]  Obj       1
    slow_flow[57,296]  con_slow_demand[57]  1
    slow_flow[57,296]  con_pile_service[296]  1
    slow_flow[58,162]  Obj       1
    slow_flow[58,162]  con_slow_demand[58]  1
    slow_flow[58,162]  con_pile_service[162]  1
    slow_flow[58,180]  Obj       1
    slow_flow[58,180]  con_slow_demand[58]  1
    slow_flow[58,180]  con_pile_service[180]  1
    slow_flow[58,297]  Obj       1
    slow_flow[58,297]  con_slow_demand[58]  1
    slow_flow[58,297]  con_pile_service[297]  1
    slow_flow[59,155]  Obj       1
    slow_flow[59,155]  con_slow_demand[59]  1
    slow_flow[59,155]  con_pile_service[155]  1
    slow_flow[59,298]  Obj       1
    slow_flow[59,298]  con_slow_demand[59]  1
    slow_flow[59,298]  con_pile_service[298]  1
    slow_flow[60,299]  Obj       1
    slow_flow[60,299]  con_slow_demand[60]  1
    slow_flow[60,299]  con_pile_service[299]  1
    slow_flow[61,154]  Obj       1
    slow_flow[61,154]  con_slow_demand[61]  1
    slow_flow[61,154]  con_pile_service[154]  1
    slow_flow[61,187]  Obj       1
    slow_flow[61,187]  con_slow_demand[61]  1
    slow_flow[61,187]  con_pile_service[187]  1
    slow_flow[61,193]  Obj       1
    slow_flow[61,193]  con_slow_demand[61]  1
    slow_flow[61,193]  con_pile_service[193]  1
    slow_flow[61,201]  Obj       1
    slow_flow[61,201]  con_slow_demand[61]  1
    slow_flow[61,201]  con_pile_service[201]  1
    slow_flow[61,300]  Obj       1
    slow_flow[61,300]  con_slow_demand[61]  1
    slow_flow[61,300]  con_pile_service[300]  1
    slow_flow[62,158]  Obj       1
    slow_flow[62,158]  con_slow_demand[62]  1
    slow_flow[62,158]  con_pile_service[158]  1
    slow_flow[62,179]  Obj       1
    slow_flow[62,179]  con_slow_demand[62]  1
    slow_flow[62,179]  con_pile_service[179]  1
    slow_flow[62,183]  Obj       1
    slow_flow[62,183]  con_slow_demand[62]  1
    slow_flow[62,183]  con_pile_service[183]  1
    slow_flow[62,195]  Obj       1
    slow_flow[62,195]  con_slow_demand[62]  1
    slow_flow[62,195]  con_pile_service[195]  1
    slow_flow[62,199]  Obj       1
    slow_flow[62,199]  con_slow_demand[62]  1
    slow_flow[62,199]  con_pile_service[199]  1
    slow_flow[62,203]  Obj       1
    slow_flow[62,203]  con_slow_demand[62]  1
    slow_flow[62,203]  con_pile_service[203]  1
    slow_flow[62,301]  Obj       1
    slow_flow[62,301]  con_slow_demand[62]  1
    slow_flow[62,301]  con_pile_service[301]  1
    slow_flow[63,176]  Obj       1
    slow_flow[63,176]  con_slow_demand[63]  1
    slow_flow[63,176]  con_pile_service[176]  1
    slow_flow[63,194]  Obj       1
    slow_flow[63,194]  con_slow_demand[63]  1
    slow_flow[63,194]  con_pile_service[194]  1
    slow_flow[63,204]  Obj       1
    slow_flow[63,204]  con_slow_demand[63]  1
    slow_flow[63,204]  con_pile_service[204]  1
    slow_flow[63,302]  Obj       1
    slow_flow[63,302]  con_slow_demand[63]  1
    slow_flow[63,302]  con_pile_service[302]  1
    slow_flow[64,161]  Obj       1
    slow_flow[64,161]  con_slow_demand[64]  1
    slow_flow[64,161]  con_pile_service[161]  1
    slow_flow[64,303]  Obj       1
    slow_flow[64,303]  con_slow_demand[64]  1
    slow_flow[64,303]  con_pile_service[303]  1
    slow_flow[65,174]  Obj       1
    slow_flow[65,174]  con_slow_demand[65]  1
    slow_flow[65,174]  con_pile_service[174]  1
    slow_flow[65,304]  Obj       1
    slow_flow[65,304]  con_slow_demand[65]  1
    slow_flow[65,304]  con_pile_service[304]  1
    slow_flow[66,176]  Obj       1
    slow_flow[66,176]  con_slow_demand[66]  1
    slow_flow[66,176]  con_pile_service[176]  1
    slow_flow[66,305]  Obj       1
    slow_flow[66,305]  con_slow_demand[66]  1
    slow_flow[66,305]  con_pile_service[305]  1
RHS
    RHS_V     con_station_count  12
    RHS_V     con_pile_count  150
    RHS_V     con_terminal_quota  1
    RHS_V     con_slow_demand[27]  5.982017173
    RHS_V     con_slow_demand[28]  22.7496313
    RHS_V     con_slow_demand[29]  312.980966
    RHS_V     con_slow_demand[30]  40.03540241
    RHS_V     con_slow_demand[31]  283.1609562
    RHS_V     con_slow_demand[32]  372.5909135
    RHS_V     con_slow_demand[33]  324.1263904
    RHS_V     con_slow_demand[34]  39.77019483
    RHS_V     con_slow_demand[35]  148.0616798
    RHS_V     con_slow_demand[36]  480.7273163
    RHS_V     con_slow_demand[37]  217.7083
    RHS_V     con_slow_demand[38]  374.2892728
    RHS_V     con_slow_demand[39]  226.6492394
    RHS_V     con_slow_demand[40]  74.00306006
    RHS_V     con_slow_demand[41]  916.9472805
    RHS_V     con_slow_demand[42]  876.9628701
    RHS_V     con_slow_demand[43]  99.81118869
    RHS_V     con_slow_demand[44]  6.701386544
    RHS_V     con_slow_demand[45]  121.1176995
    RHS_V     con_slow_demand[46]  331.9462831
    RHS_V     con_slow_demand[47]  298.1370374
    RHS_V     con_slow_demand[48]  224.6247775
    RHS_V     con_slow_demand[49]  467.0991002
    RHS_V     con_slow_demand[50]  408.0773955
    RHS_V     con_slow_demand[51]  293.1005222
    RHS_V     con_slow_demand[52]  82.79481542
    RHS_V     con_slow_demand[53]  1102.920722
    RHS_V     con_slow_demand[54]  2.24869703
    RHS_V     con_slow_demand[55]  233.7932343
    RHS_V     con_slow_demand[56]  314.8555831
    RHS_V     con_slow_demand[57]  161.7667739
    RHS_V     con_slow_demand[58]  169.3282769
    RHS_V     con_slow_demand[59]  129.7408687
    RHS_V     con_slow_demand[60]  1.92238017
    RHS_V     con_slow_demand[61]  323.507951
    RHS_V     con_slow_demand[62]  282.5631912
    RHS_V     con_slow_demand[63]  117.7958676
    RHS_V     con_slow_demand[64]  149.3230525
    RHS_V     con_slow_demand[65]  34.71877979
    RHS_V     con_slow_demand[66]  17.0989246
    RHS_V     con_county_min_stations[0]  2
    RHS_V     con_county_min_stations[1]  3
    RHS_V     con_county_min_piles[0]  34
    RHS_V     con_county_min_piles[1]  40
BOUNDS
 BV BOUND     open_station[0]
 BV BOUND     open_station[1]
 BV BOUND     open_station[2]
 BV BOUND     open_station[3]
 BV BOUND     open_station[4]
 BV BOUND     open_station[5]
 BV BOUND     open_station[6]
 BV BOUND     open_station[7]
 BV BOUND     open_station[8]
 BV BOUND     open_station[9]
 BV BOUND     open_station[10]
 BV BOUND     open_station[11]
 BV BOUND     open_station[12]
 BV BOUND     open_station[13]
 BV BOUND     open_station[14]
 BV BOUND     open_station[15]
 BV BOUND     open_station[16]
 BV BOUND     open_station[17]
 BV BOUND     open_station[18]
 BV BOUND     open_station[19]
 BV BOUND     open_station[20]
 BV BOUND     open_station[21]
 BV BOUND     open_station[22]
 BV BOUND     open_station[23]
 BV BOUND     open_station[24]
 BV BOUND     open_station[25]
 BV BOUND     open_station[26]
 BV BOUND     open_station[27]
 BV BOUND     open_station[28]
 BV BOUND     open_station[29]
 BV BOUND     open_station[30]
 BV BOUND     open_station[31]
 BV BOUND     open_station[32]
 BV BOUND     open_station[33]
 BV BOUND     open_station[34]
 BV BOUND     open_station[35]
 BV BOUND     open_station[36]
 BV BOUND     open_station[37]
 BV BOUND     open_station[38]
 BV BOUND     open_station[39]
 BV BOUND     open_station[40]
 BV BOUND     open_station[41]
 BV BOUND     open_station[42]
 BV BOUND     open_station[43]
 BV BOUND     open_station[44]
 BV BOUND     open_station[45]
 BV BOUND     open_station[46]
 BV BOUND     open_station[47]
 BV BOUND     open_station[48]
 BV BOUND     open_station[49]
 BV BOUND     open_station[50]
 BV BOUND     open_station[51]
 BV BOUND     open_station[52]
 BV BOUND     open_station[53]
 BV BOUND     open_station[54]
 BV BOUND     open_station[55]
 BV BOUND     open_station[56]
 BV BOUND     open_station[57]
 BV BOUND     open_station[58]
 BV BOUND     open_station[59]
 BV BOUND     open_station[60]
 BV BOUND     open_station[61]
 BV BOUND     open_station[62]
 BV BOUND     open_station[63]
 BV BOUND     open_station[64]
 BV BOUND     open_station[65]
 BV BOUND     open_station[66]
 BV BOUND     open_station[67]
 BV BOUND     open_station[68]
 BV BOUND     open_station[69]
 BV BOUND     open_station[70]
 BV BOUND     open_station[71]
 BV BOUND     open_station[72]
 BV BOUND     open_station[73]
 BV BOUND     open_station[74]
 BV BOUND     open_station[75]
 BV BOUND     open_station[76]
 BV BOUND     open_station[77]
 BV BOUND     open_station[78]
 BV BOUND     open_station[79]
 BV BOUND     open_station[80]
 BV BOUND     open_station[81]
 BV BOUND     open_station[82]
 BV BOUND     open_station[83]
 BV BOUND     open_station[84]
 BV BOUND     open_station[85]
 BV BOUND     open_station[86]
 BV BOUND     open_station[87]
 BV BOUND     open_station[88]
 BV BOUND     open_station[89]
 BV BOUND     open_station[90]
 BV BOUND     open_station[91]
 BV BOUND     open_station[92]
 BV BOUND     open_station[93]
 BV BOUND     open_station[94]
 BV BOUND     open_station[95]
 BV BOUND     open_station[96]
 BV BOUND     open_station[97]
 BV BOUND     open_station[98]
 BV BOUND     open_station[99]
 BV BOUND     open_station[100]
 BV BOUND     open_station[101]
 BV BOUND     open_station[102]
 BV BOUND     open_station[103]
 BV BOUND     open_station[104]
 BV BOUND     open_station[105]
 BV BOUND     open_station[106]
 BV BOUND     open_station[107]
 BV BOUND     open_station[108]
 BV BOUND     open_station[109]
 BV BOUND     open_station[110]
 BV BOUND     open_station[111]
 BV BOUND     open_station[112]
 BV BOUND     open_station[113]
 BV BOUND     open_station[114]
 BV BOUND     open_station[115]
 UP BOUND     covered[0]  1
 UP BOUND     covered[1]  1
 UP BOUND     covered[2]  1
 UP BOUND     covered[3]  1
 UP BOUND     covered[4]  1
 UP BOUND     covered[5]  1
 UP BOUND     covered[6]  1
 UP BOUND     covered[7]  1
 UP BOUND     covered[8]  1
 UP BOUND     covered[9]  1
 UP BOUND     covered[10]  1
 UP BOUND     covered[11]  1
 UP BOUND     covered[12]  1
 UP BOUND     covered[13]  1
 UP BOUND     covered[14]  1
 UP BOUND     covered[15]  1
 UP BOUND     covered[16]  1
 UP BOUND     covered[17]  1
 UP BOUND     covered[18]  1
 UP BOUND     covered[19]  1
 UP BOUND     covered[20]  1
 UP BOUND     covered[21]  1
 UP BOUND     covered[22]  1
 UP BOUND     covered[23]  1
 UP BOUND     covered[24]  1
 UP BOUND     covered[25]  1
 UP BOUND     covered[26]  1
 UP BOUND     terminal_covered[0]  1
 UP BOUND     terminal_covered[1]  1
 UI BOUND     piles[0]  20
 UI BOUND     piles[1]  118
 UI BOUND     piles[2]  16
 UI BOUND     piles[3]  82
 UI BOUND     piles[4]  90
 UI BOUND     piles[5]  74
 UI BOUND     piles[6]  20
 UI BOUND     piles[7]  20
 UI BOUND     piles[8]  50
 UI BOUND     piles[9]  24
 UI BOUND     piles[10]  20
 UI BOUND     piles[11]  20
 UI BOUND     piles[12]  112
 UI BOUND     piles[13]  20
 UI BOUND     piles[14]  24
 UI BOUND     piles[15]  94
 UI BOUND     piles[16]  20
 UI BOUND     piles[17]  20
 UI BOUND     piles[18]  56
 UI BOUND     piles[19]  20
 UI BOUND     piles[20]  20
 UI BOUND     piles[21]  20
 UI BOUND     piles[22]  80
 UI BOUND     piles[23]  22
 UI BOUND     piles[24]  20
 UI BOUND     piles[25]  20
 UI BOUND     piles[26]  20
 UI BOUND     piles[27]  18
 UI BOUND     piles[28]  32
 UI BOUND     piles[29]  20
 UI BOUND     piles[30]  20
 UI BOUND     piles[31]  92
 UI BOUND     piles[32]  20
 UI BOUND     piles[33]  36
 UI BOUND     piles[34]  34
 UI BOUND     piles[35]  52
 UI BOUND     piles[36]  20
 UI BOUND     piles[37]  102
 UI BOUND     piles[38]  20
 UI BOUND     piles[39]  92
 UI BOUND     piles[40]  20
 UI BOUND     piles[41]  10
 UI BOUND     piles[42]  20
 UI BOUND     piles[43]  20
 UI BOUND     piles[44]  26
 UI BOUND     piles[45]  20
 UI BOUND     piles[46]  20
 UI BOUND     piles[47]  72
 UI BOUND     piles[48]  14
 UI BOUND     piles[49]  12
 UI BOUND     piles[50]  10
 UI BOUND     piles[51]  40
 UI BOUND     piles[52]  20
 UI BOUND     piles[53]  20
 UI BOUND     piles[54]  20
 UI BOUND     piles[55]  20
 UI BOUND     piles[56]  88
 UI BOUND     piles[57]  20
 UI BOUND     piles[58]  20
 UI BOUND     piles[59]  20
 UI BOUND     piles[60]  58
 UI BOUND     piles[61]  20
 UI BOUND     piles[62]  96
 UI BOUND     piles[63]  36
 UI BOUND     piles[64]  24
 UI BOUND     piles[65]  12
 UI BOUND     piles[66]  18
 UI BOUND     piles[67]  84
 UI BOUND     piles[68]  84
 UI BOUND     piles[69]  30
 UI BOUND     piles[70]  30
 UI BOUND     piles[71]  30
 UI BOUND     piles[72]  30
 UI BOUND     piles[73]  30
 UI BOUND     piles[74]  30
 UI BOUND     piles[75]  30
 UI BOUND     piles[76]  30
 UI BOUND     piles[77]  30
 UI BOUND     piles[78]  30
 UI BOUND     piles[79]  30
 UI BOUND     piles[80]  30
 UI BOUND     piles[81]  30
 UI BOUND     piles[82]  30
 UI BOUND     piles[83]  30
 UI BOUND     piles[84]  30
 UI BOUND     piles[85]  30
 UI BOUND     piles[86]  30
 UI BOUND     piles[87]  30
 UI BOUND     piles[88]  30
 UI BOUND     piles[89]  30
 UI BOUND     piles[90]  30
 UI BOUND     piles[91]  30
 UI BOUND     piles[92]  30
 UI BOUND     piles[93]  30
 UI BOUND     piles[94]  30
 UI BOUND     piles[95]  30
 UI BOUND     piles[96]  30
 UI BOUND     piles[97]  30
 UI BOUND     piles[98]  30
 UI BOUND     piles[99]  30
 UI BOUND     piles[100]  30
 UI BOUND     piles[101]  30
 UI BOUND     piles[102]  30
 UI BOUND     piles[103]  30
 UI BOUND     piles[104]  30
 UI BOUND     piles[105]  30
 UI BOUND     piles[106]  30
 UI BOUND     piles[107]  30
 UI BOUND     piles[108]  30
 UI BOUND     piles[109]  30
 UI BOUND     piles[110]  30
 UI BOUND     piles[111]  30
 UI BOUND     piles[112]  30
 UI BOUND     piles[113]  30
 UI BOUND     piles[114]  30
 UI BOUND     piles[115]  30
 UI BOUND     piles[116]  30
 UI BOUND     piles[117]  30
 UI BOUND     piles[118]  30
 UI BOUND     piles[119]  30
 UI BOUND     piles[120]  30
 UI BOUND     piles[121]  30
 UI BOUND     piles[122]  30
 UI BOUND     piles[123]  30
 UI BOUND     piles[124]  30
 UI BOUND     piles[125]  30
 UI BOUND     piles[126]  30
 UI BOUND     piles[127]  30
 UI BOUND     piles[128]  30
 UI BOUND     piles[129]  30
 UI BOUND     piles[130]  30
 UI BOUND     piles[131]  30
 UI BOUND     piles[132]  30
 UI BOUND     piles[133]  30
 UI BOUND     piles[134]  30
 UI BOUND     piles[135]  30
 UI BOUND     piles[136]  30
 UI BOUND     piles[137]  30
 UI BOUND     piles[138]  30
 UI BOUND     piles[139]  30
 UI BOUND     piles[140]  30
 UI BOUND     piles[141]  30
 UI BOUND     piles[142]  30
 UI BOUND     piles[143]  30
 UI BOUND     piles[144]  30
 UI BOUND     piles[145]  30
 UI BOUND     piles[146]  30
 UI BOUND     piles[147]  30
 UI BOUND     piles[148]  30
 UI BOUND     piles[149]  30
 UI BOUND     piles[150]  30
 UI BOUND     piles[151]  30
 UI BOUND     piles[152]  30
 UI BOUND     piles[153]  30
 UI BOUND     piles[154]  30
 UI BOUND     piles[155]  30
 UI BOUND     piles[156]  30
 UI BOUND     piles[157]  30
 UI BOUND     piles[158]  30
 UI BOUND     piles[159]  30
 UI BOUND     piles[160]  30
 UI BOUND     piles[161]  30
 UI BOUND     piles[162]  30
 UI BOUND     piles[163]  30
 UI BOUND     piles[164]  30
 UI BOUND     piles[165]  30
 UI BOUND     piles[166]  30
 UI BOUND     piles[167]  30
 UI BOUND     piles[168]  30
 UI BOUND     piles[169]  30
 UI BOUND     piles[170]  30
 UI BOUND     piles[171]  30
 UI BOUND     piles[172]  30
 UI BOUND     piles[173]  30
 UI BOUND     piles[174]  30
 UI BOUND     piles[175]  30
 UI BOUND     piles[176]  30
 UI BOUND     piles[177]  30
 UI BOUND     piles[178]  30
 UI BOUND     piles[179]  30
 UI BOUND     piles[180]  30
 UI BOUND     piles[181]  30
 UI BOUND     piles[182]  30
 UI BOUND     piles[183]  30
 UI BOUND     piles[184]  30
 UI BOUND     piles[185]  30
 UI BOUND     piles[186]  30
 UI BOUND     piles[187]  30
 UI BOUND     piles[188]  30
 UI BOUND     piles[189]  30
 UI BOUND     piles[190]  30
 UI BOUND     piles[191]  30
 UI BOUND     piles[192]  30
 UI BOUND     piles[193]  30
 UI BOUND     piles[194]  30
 UI BOUND     piles[195]  30
 UI BOUND     piles[196]  30
 UI BOUND     piles[197]  30
 UI BOUND     piles[198]  30
 UI BOUND     piles[199]  30
 UI BOUND     piles[200]  30
 UI BOUND     piles[201]  30
 UI BOUND     piles[202]  30
 UI BOUND     piles[203]  30
 UI BOUND     piles[204]  30
 UI BOUND     piles[205]  30
 UI BOUND     piles[206]  30
 UI BOUND     piles[207]  30
 UI BOUND     piles[208]  30
 UI BOUND     piles[209]  30
 UI BOUND     piles[210]  30
 UI BOUND     piles[211]  30
 UI BOUND     piles[212]  30
 UI BOUND     piles[213]  30
 UI BOUND     piles[214]  30
 UI BOUND     piles[215]  30
 UI BOUND     piles[216]  30
 UI BOUND     piles[217]  30
 UI BOUND     piles[218]  30
 UI BOUND     piles[219]  30
 UI BOUND     piles[220]  30
 UI BOUND     piles[221]  30
 UI BOUND     piles[222]  30
 UI BOUND     piles[223]  30
 UI BOUND     piles[224]  30
 UI BOUND     piles[225]  30
 UI BOUND     piles[226]  30
 UI BOUND     piles[227]  30
 UI BOUND     piles[228]  30
 UI BOUND     piles[229]  30
 UI BOUND     piles[230]  30
 UI BOUND     piles[231]  30
 UI BOUND     piles[232]  30
 UI BOUND     piles[233]  30
 UI BOUND     piles[234]  30
 UI BOUND     piles[235]  30
 UI BOUND     piles[236]  30
 UI BOUND     piles[237]  30
 UI BOUND     piles[238]  30
 UI BOUND     piles[239]  30
 UI BOUND     piles[240]  30
 UI BOUND     piles[241]  30
 UI BOUND     piles[242]  20
 UI BOUND     piles[243]  20
 UI BOUND     piles[244]  20
 UI BOUND     piles[245]  20
 UI BOUND     piles[246]  20
 UI BOUND     piles[247]  20
 UI BOUND     piles[248]  20
 UI BOUND     piles[249]  20
 UI BOUND     piles[250]  20
 UI BOUND     piles[251]  20
 UI BOUND     piles[252]  20
 UI BOUND     piles[253]  20
 UI BOUND     piles[254]  20
 UI BOUND     piles[255]  20
 UI BOUND     piles[256]  20
 UI BOUND     piles[257]  20
 UI BOUND     piles[258]  20
 UI BOUND     piles[259]  20
 UI BOUND     piles[260]  20
 UI BOUND     piles[261]  20
 UI BOUND     piles[262]  20
 UI BOUND     piles[263]  20
 UI BOUND     piles[264]  20
 UI BOUND     piles[265]  20
 UI BOUND     piles[266]  10
 UI BOUND     piles[267]  10
 UI BOUND     piles[268]  10
 UI BOUND     piles[269]  10
 UI BOUND     piles[270]  10
 UI BOUND     piles[271]  10
 UI BOUND     piles[272]  10
 UI BOUND     piles[273]  10
 UI BOUND     piles[274]  10
 UI BOUND     piles[275]  10
 UI BOUND     piles[276]  10
 UI BOUND     piles[277]  10
 UI BOUND     piles[278]  10
 UI BOUND     piles[279]  10
 UI BOUND     piles[280]  10
 UI BOUND     piles[281]  10
 UI BOUND     piles[282]  10
 UI BOUND     piles[283]  10
 UI BOUND     piles[284]  10
 UI BOUND     piles[285]  10
 UI BOUND     piles[286]  10
 UI BOUND     piles[287]  10
 UI BOUND     piles[288]  10
 UI BOUND     piles[289]  10
 UI BOUND     piles[290]  10
 UI BOUND     piles[291]  10
 UI BOUND     piles[292]  10
 UI BOUND     piles[293]  10
 UI BOUND     piles[294]  10
 UI BOUND     piles[295]  10
 UI BOUND     piles[296]  10
 UI BOUND     piles[297]  10
 UI BOUND     piles[298]  10
 UI BOUND     piles[299]  10
 UI BOUND     piles[300]  10
 UI BOUND     piles[301]  10
 UI BOUND     piles[302]  10
 UI BOUND     piles[303]  10
 UI BOUND     piles[304]  10
 UI BOUND     piles[305]  10
ENDATA
